// Tools with no product knowledge that every layer may use.

export { findFreePort, parsePort } from './free-port.ts';
export { escapeMarkup, html, Markup, trusted } from './html.ts';
export { type ExplainedIssue, explainSchemaIssues, type SchemaIssue } from './schema-errors.ts';
export { recordGeneratedSecret, type SecretKind } from './secret-ledger.ts';
export { W3C_ELEMENT_KEY } from './webdriver.ts';
