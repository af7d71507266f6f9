import { describe, expect, it } from 'vitest';
import { type LabControlRequest, labControlRefusal, newLabControlToken } from './lab-control-guard.ts';

const server = { token: 'run-token', port: 41234 };
const fromTheLab: LabControlRequest = {
  socketAddress: '127.0.0.1',
  method: 'POST',
  host: '127.0.0.1:41234',
  origin: undefined,
  fetchSite: undefined,
  authorization: 'Bearer run-token',
  contentType: 'application/json',
};
const refusalOf = (change: Partial<LabControlRequest>, on = server) =>
  labControlRefusal({ ...fromTheLab, ...change }, on);

describe('the lab control guard', () => {
  it("lets the lab's own client through, by any loopback name of this server", () => {
    expect(refusalOf({})).toBeUndefined();
    for (const host of ['localhost:41234', 'LOCALHOST:41234', '[::1]:41234'])
      expect(refusalOf({ host, socketAddress: '::1' })).toBeUndefined();
    expect(refusalOf({ method: 'GET', contentType: undefined })).toBeUndefined();
    expect(refusalOf({ contentType: 'application/json; charset=utf-8' })).toBeUndefined();
    expect(refusalOf({ origin: 'http://localhost:41234', fetchSite: 'same-origin' })).toBeUndefined();
  });

  it('refuses a caller that is not on this machine', () => {
    expect(refusalOf({ socketAddress: '203.0.113.9' })).toMatchObject({ status: 403, error: 'FORBIDDEN' });
  });

  it('refuses a request addressed to another host or port (a page renamed by DNS rebinding)', () => {
    for (const host of [
      'attacker.test:41234',
      '127.0.0.1:41235',
      '127.0.0.1',
      'user@127.0.0.1:41234',
      '127.0.0.1:41234/x',
      undefined,
    ])
      expect(refusalOf({ host }), String(host)).toMatchObject({
        status: 403,
        message: expect.stringContaining('addressed to this server only'),
      });
  });

  it("accepts the portal's public host, and only its own origin", () => {
    const publicPortal = { ...server, publicBaseUrl: 'https://portal.example.test' };
    expect(
      refusalOf({ host: 'portal.example.test', origin: 'https://portal.example.test' }, publicPortal),
    ).toBeUndefined();
    expect(
      refusalOf({ host: 'portal.example.test', origin: 'http://portal.example.test.evil' }, publicPortal),
    ).toMatchObject({
      status: 403,
      message: expect.stringContaining('another origin'),
    });
  });

  it('refuses requests from web pages of another origin or site', () => {
    for (const origin of ['http://attacker.test', 'null', 'http://127.0.0.1:41235'])
      expect(refusalOf({ origin }), origin).toMatchObject({
        status: 403,
        message: expect.stringContaining('origin'),
      });
    expect(refusalOf({ fetchSite: 'cross-site' })).toMatchObject({ status: 403 });
    expect(refusalOf({ fetchSite: 'same-site' })).toMatchObject({ status: 403 });
  });

  it("asks for the run's token, and refuses another run's", () => {
    const missing = refusalOf({ authorization: undefined });
    expect(missing).toMatchObject({ status: 401, error: 'UNAUTHORIZED' });
    expect(missing?.message).toContain('LAB_CONTROL_TOKEN');
    expect(refusalOf({ authorization: 'Bearer another-run' })).toMatchObject({
      status: 401,
      message: expect.stringContaining("not this run's"),
    });
    expect(refusalOf({ authorization: 'Basic cnVuLXRva2Vu' })).toMatchObject({ status: 401 });
  });

  it('takes JSON only: a form or text body is 415', () => {
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
      undefined,
    ])
      expect(refusalOf({ contentType }), String(contentType)).toMatchObject({
        status: 415,
        error: 'UNSUPPORTED_MEDIA_TYPE',
      });
  });

  it('names the hosts it answers to, and what it was sent, in its refusal', () => {
    expect(refusalOf({ host: 'Attacker.Test:41234' })?.message).toBe(
      'The lab control API answers requests addressed to this server only (Host 127.0.0.1:41234, localhost:41234, [::1]:41234), not to "attacker.test:41234".',
    );
    expect(refusalOf({ host: undefined })?.message).toMatch(/, not to no Host\.$/);
    expect(refusalOf({ host: `${'a'.repeat(150)}:41234` })?.message).toContain(
      `not to "${'a'.repeat(100)}".`,
    );
    expect(refusalOf({ host: '127.0.0.1:41234', socketAddress: undefined })?.message).toBe(
      'The lab control API answers loopback callers only.',
    );
    expect(refusalOf({ socketAddress: '::ffff:127.0.0.1' })).toBeUndefined();
  });

  it('answers to a loopback name without a port when the server listens on port 80', () => {
    const onPort80 = { token: 'run-token', port: 80 };
    expect(refusalOf({ host: 'localhost' }, onPort80)).toBeUndefined();
    expect(refusalOf({ host: 'localhost:80', origin: 'http://localhost' }, onPort80)).toBeUndefined();
    expect(refusalOf({ host: 'localhost' })).toMatchObject({ status: 403 });
  });

  it("lets a browser's own navigation through (Sec-Fetch-Site none) and names another site", () => {
    expect(refusalOf({ fetchSite: 'none' })).toBeUndefined();
    expect(refusalOf({ fetchSite: 'cross-site' })?.message).toBe(
      'The lab control API takes no requests from web pages of another site (Sec-Fetch-Site "cross-site").',
    );
    expect(refusalOf({ origin: 'http://Attacker.test' })?.message).toBe(
      'The lab control API takes no requests from web pages of another origin (Origin "http://Attacker.test").',
    );
  });

  it('reads the Bearer scheme in any case and after several spaces, but not a token with spaces in it', () => {
    expect(refusalOf({ authorization: 'bearer run-token' })).toBeUndefined();
    expect(refusalOf({ authorization: 'Bearer   run-token' })).toBeUndefined();
    expect(refusalOf({ authorization: 'Bearer run-token extra' })).toMatchObject({ status: 401 });
    expect(refusalOf({ authorization: 'Bearer run-token-and-more' })).toMatchObject({ status: 401 });
    expect(refusalOf({ authorization: 'Bearer run-toke' })).toMatchObject({ status: 401 });
  });

  it('asks no media type of a request without a body, whatever the case of its method', () => {
    for (const method of ['GET', 'HEAD', 'get'])
      expect(refusalOf({ method, contentType: undefined }), method).toBeUndefined();
    expect(refusalOf({ method: 'delete', contentType: undefined })).toMatchObject({ status: 415 });
    expect(refusalOf({ contentType: 'Application/JSON ; charset=utf-8' })).toBeUndefined();
  });

  it('reads the Bearer scheme only at the start of the header', () => {
    expect(refusalOf({ authorization: 'NotBearer run-token' })).toMatchObject({ status: 401 });
    expect(refusalOf({ authorization: 'Basic x, Bearer run-token' })).toMatchObject({ status: 401 });
  });

  it('says exactly what is missing: the token, or a JSON body', () => {
    expect(refusalOf({ authorization: undefined })?.message).toBe(
      "The lab control API needs this run's token: send Authorization: Bearer <token> (npm run serve prints it; a lab pointed at this portal takes it from LAB_CONTROL_TOKEN).",
    );
    expect(refusalOf({ contentType: 'text/plain' })?.message).toBe(
      'The lab control API takes JSON only: send the body as application/json.',
    );
  });

  it('cuts a long Origin or Sec-Fetch-Site in its refusal', () => {
    const origin = `http://${'o'.repeat(200)}.test`;
    expect(refusalOf({ origin })?.message).toBe(
      `The lab control API takes no requests from web pages of another origin (Origin "${origin.slice(0, 100)}").`,
    );
    const fetchSite = `cross-site-${'x'.repeat(50)}`;
    expect(refusalOf({ fetchSite })?.message).toBe(
      `The lab control API takes no requests from web pages of another site (Sec-Fetch-Site "${fetchSite.slice(0, 30)}").`,
    );
  });

  it('ignores a public base URL it cannot parse, rather than failing', () => {
    const badlyConfigured = { ...server, publicBaseUrl: 'not a url' };
    expect(refusalOf({}, badlyConfigured)).toBeUndefined();
    expect(refusalOf({ host: 'not a url' }, badlyConfigured)).toMatchObject({ status: 403 });
    expect(refusalOf({ origin: 'http://127.0.0.1:41234' }, badlyConfigured)).toBeUndefined();
  });

  it('makes a new random token each time', () => {
    const tokens = new Set(Array.from({ length: 20 }, newLabControlToken));
    expect(tokens.size).toBe(20);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
