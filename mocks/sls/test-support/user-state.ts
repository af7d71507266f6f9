// Reads a user's server state through the lab control API, as the support actor does.

export interface UserState {
  user: { id: string; username: string };
  devices: { id: string; state: string; apns_token: string | null; biometry: string }[];
  activations: { serial: string; state: string; outcome: string | null }[];
  transactions: {
    txid: string;
    state: string;
    answered_by: string | null;
    push_outcome: string;
    push_detail: string | null;
    cr_failures: number;
  }[];
  audit: { kind: string; outcome: string; detail: Record<string, unknown> }[];
}

export async function userState(portalUrl: string, username: string): Promise<UserState> {
  const response = await fetch(`${portalUrl}/lab/users/${encodeURIComponent(username)}/state`);
  if (!response.ok)
    throw new Error(`Reading the state of ${username} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as UserState;
}
