// One place that turns a JSON Schema validator's errors into the sentence a person needs, for
// Fastify's Ajv (request bodies) and TypeBox's Value.Errors (case files, capabilities) alike.

/** What both validators report about one failed check (Ajv and TypeBox name their params differently). */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  schemaPath?: string;
  message?: string;
  params: Record<string, unknown>;
}

export interface ExplainedIssue {
  /** The issue the sentence is about. */
  issue: SchemaIssue;
  /** Where it is, as path segments (["steps", "4"]). */
  path: string[];
  /** What is wrong, to follow the place: `has an unknown field "colour"`. */
  text: string;
  /** For a value that matched none of the alternatives: the constants it could have been. */
  allowed?: string[];
}

const firstOf = (value: unknown): string => String(Array.isArray(value) ? value[0] : (value ?? '?'));

/** The most useful issue first: an unknown field, then a missing one, then a value off its list. */
export function explainSchemaIssues(issues: readonly SchemaIssue[]): ExplainedIssue {
  const extra = issues.find((issue) => issue.keyword === 'additionalProperties');
  const first = extra ?? issues[0];
  if (!first) throw new Error('explainSchemaIssues needs at least one issue.');
  const path = first.instancePath.split('/').filter(Boolean);
  if (extra) {
    const name = firstOf(extra.params.additionalProperty ?? extra.params.additionalProperties);
    return { issue: extra, path, text: `has an unknown field "${name}"` };
  }
  if (first.keyword === 'required') {
    const name = firstOf(first.params.missingProperty ?? first.params.requiredProperties);
    return { issue: first, path, text: `is missing the field "${name}"` };
  }
  if (first.schemaPath?.includes('/anyOf/') || first.keyword === 'anyOf') {
    const allowed = issues
      .filter((issue) => issue.instancePath === first.instancePath && issue.keyword === 'const')
      .map((issue) => String(issue.params.allowedValue));
    if (allowed.length)
      return {
        issue: first,
        path,
        text: `is not one of the accepted values: ${allowed.join(', ')}`,
        allowed,
      };
  }
  return { issue: first, path, text: first.message ?? 'is not valid' };
}
