// What makes the QR a universal link: the site claims /ibkey/* for the app, and a browser that
// opens the link (no app installed) is sent to the App Store. And /health, for whoever watches
// the server: whether its database answers, within a second and a half.

import { faultOn } from '../../../product/index.ts';
import { ACTIVATION_PATH } from '../../../protocol/index.ts';
import type { SlsApp } from '../app-type.ts';
import type { SlsContext } from '../context.ts';
import { DATABASE_RETRY_AFTER_SECONDS } from '../database.ts';

export function appSiteAssociation(context: SlsContext) {
  return {
    applinks: {
      details: [
        {
          appIDs: [`${context.config.appTeamId}.${context.config.appBundleId}`],
          components: [
            {
              '/': faultOn('aasa-misses-activation-path') ? '/ibkey/enroll/*' : '/ibkey/*',
              comment: 'IB Key activation links open IBKR Mobile',
            },
          ],
        },
      ],
    },
  };
}

export function registerWellKnown(app: SlsApp, context: SlsContext): void {
  app.get('/.well-known/apple-app-site-association', async (_request, reply) =>
    reply.type('application/json').send(appSiteAssociation(context)),
  );
  app.get(ACTIVATION_PATH, async (_request, reply) => reply.redirect(context.config.appStoreUrl, 302));
  app.get('/health', async (_request, reply) => {
    const health = await context.db.health();
    void reply.header('cache-control', 'no-store');
    if (health.database === 'up') return { ok: true, database: 'up' };
    return reply
      .code(503)
      .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
      .send({
        ok: false,
        database: 'down',
        error: 'UNAVAILABLE',
        message: `The database does not answer (${health.reason}); the server keeps trying and recovers by itself when it is back.`,
      });
  });
}
