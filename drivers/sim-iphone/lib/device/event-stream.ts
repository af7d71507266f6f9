// Server-Sent Events as the phone reads them from the lab's servers (the APNs simulator's delivery
// stream, the third-party gateway's SMS stream): each event's data is one JSON object.

/** Reads events until the stream ends or is aborted; nothing is handed on once it is aborted. */
export async function readJsonEvents(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onEvent: (data: Record<string, unknown>) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, '\n');
    let end = buffered.indexOf('\n\n');
    while (end >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data && !signal.aborted) onEvent(JSON.parse(data) as Record<string, unknown>);
      end = buffered.indexOf('\n\n');
    }
  }
}
