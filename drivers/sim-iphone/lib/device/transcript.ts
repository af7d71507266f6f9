// Everything the phone did, timestamped on the device clock: screens, alerts, network calls,
// notifications. Support engineers read it to see why a customer got an error; secrets are
// never written into it.

export type TranscriptKind =
  | 'screen'
  | 'alert'
  | 'banner'
  | 'network'
  | 'notification'
  | 'camera'
  | 'app'
  | 'setting'
  | 'biometric';

export interface TranscriptEntry {
  at: string;
  kind: TranscriptKind;
  text: string;
  detail?: Record<string, unknown>;
}

const SECRET_PARAMETERS = /([?&](?:c|credential)=)[^&\s"]+/g;

/** Removes activation credentials from links before they are written down. */
export function maskSecrets(text: string): string {
  return text.replace(SECRET_PARAMETERS, '$1***');
}

export class Transcript {
  readonly entries: TranscriptEntry[] = [];

  constructor(private readonly now: () => Date) {}

  add(kind: TranscriptKind, text: string, detail?: Record<string, unknown>): void {
    const entry: TranscriptEntry = { at: this.now().toISOString(), kind, text: maskSecrets(text) };
    if (detail) entry.detail = JSON.parse(maskSecrets(JSON.stringify(detail)));
    this.entries.push(entry);
  }

  since(index: number): TranscriptEntry[] {
    return this.entries.slice(index);
  }
}
