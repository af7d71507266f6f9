import { MOBILE_API, PhoneClient } from './protocol/index.ts';
import { defaultConfig } from './mocks/sls/config.ts';
import { startTestLab } from './mocks/sls/test-support/start-test-lab.ts';
import { startStateStore } from './mocks/state/index.ts';
const store = await startStateStore({ mode: 'embedded' });
const HIGH = { attempts: 1_000_000, windowSeconds: 60 };
const lab = await startTestLab(store.url, 'prof', { limits: { ...defaultConfig({ databaseUrl: '' }).limits, enrollPerSerial: HIGH, enrollPerClient: HIGH } });
const bodies = [];
for (let i = 0; i < 40; i++) { const { user } = await lab.createUser(); const p = lab.portal(); await p.logIn(user.username, user.password); bodies.push(await (await PhoneClient.create()).enrollRequest(await p.gateLink(), null)); }
const times = [];
for (const b of bodies) { const t = performance.now(); const r = await fetch(`${lab.server.url}${MOBILE_API.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) }); await r.text(); times.push(performance.now() - t); }
console.log(times.map((t) => t.toFixed(1)).join(' '));
await lab[Symbol.asyncDispose](); await store.stop();
