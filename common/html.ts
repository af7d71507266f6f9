// A tagged template that escapes every interpolated value unless it is already markup: the one
// way the portal's pages, the sign-off report and the phone's SVG screens put text into markup.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = string | number | Markup | null | undefined | false | readonly Interpolation[];

/** Text made safe for HTML or XML content and attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeMarkup(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  return new Markup(
    strings.reduce(
      (out, text, index) => out + text + (index < values.length ? render(values[index]!) : ''),
      '',
    ),
  );
}

/** Markup produced by a trusted library (the QR code's SVG). */
export function trusted(markup: string): Markup {
  return new Markup(markup);
}
