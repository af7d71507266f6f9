// Tells a broken lab apart from a failing product (Serenity/JS's TestCompromisedError): a part
// that could not start or be used fails the test as LAB FAILURE, with the cause.

export class LabFailure extends Error {
  override name = 'LabFailure';
  constructor(part: string, cause: unknown, failed = 'could not start') {
    super(
      `LAB FAILURE (not a product failure): ${part} ${failed}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
