// A tagged template that escapes every interpolated value unless it is already markup.

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

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char]!);
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
