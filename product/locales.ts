// The languages the portal and the phone speak: French (the article's) and English.

export const LOCALES = ['fr-FR', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** One catalogue's lookup: the string for a key in a language, with its placeholders filled. */
export function textLookup<Key extends string>(
  catalogue: Record<Locale, Record<Key, string>>,
): (locale: Locale, key: Key, values?: Record<string, string | number>) => string {
  return (locale, key, values = {}) => fillPlaceholders(catalogue[locale][key], values);
}

/** Fills `{name}` placeholders; an unknown one stays as written, so a missing value shows. */
export function fillPlaceholders(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Chooses a locale from a ?lang= value or cookie, then Accept-Language, then English. */
export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  const fromExplicit = explicit
    ? LOCALES.find((locale) => locale.toLowerCase().startsWith(explicit.toLowerCase().slice(0, 2)))
    : undefined;
  if (fromExplicit) return fromExplicit;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((param) => param.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.split('=')[1]) : 1 };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const match = LOCALES.find((locale) => locale.toLowerCase().startsWith(tag.slice(0, 2)));
    if (match) return match;
  }
  return 'en-US';
}
