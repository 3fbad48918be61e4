import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApplicationsModule } from './applications/applications.module';
import { AuthorizedTokensModule } from './authorized-tokens/authorized-tokens.module';
import { SESSION_COOKIE } from './accounts/session.constants';
import { cspHeader } from './common/web/csp';
import { withPolicy } from './common/web/route-policy';
import { appConfig, AppConfig } from './config/configuration';
import { ResourcesModule } from './resources/resources.module';
import { CLIENT_BASIC_SCHEME, PROTOCOL_PATHS } from './openapi-protocol';

// Swagger UI runs scripts and inline styles from its own files: a CSP for /docs only, still
// nothing from third parties and no framing. Every other page keeps the strict global CSP.
const DOCS_CSP = cspHeader({
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'"],
});

/** The JSON APIs' OpenAPI document at /docs-json and Swagger UI at /docs. */
export async function setupOpenApi(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(appConfig.KEY);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('auth-center API')
      .setDescription(
        'The management APIs (applications, authorized tokens) answer JSON with `Accept: application/json` and use the session cookie; ' +
          'every PUT/POST/DELETE with the cookie carries the page\'s CSRF token (`<meta name="csrf-token">`) in `X-CSRF-Token`. ' +
          'The resource APIs take an OAuth 2 Bearer access token (RFC 6750). The OAuth 2 endpoints take form-encoded bodies.',
      )
      .setVersion('1')
      .addServer(config.issuer)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from /oauth/token/' }, 'bearer')
      .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Sign in at /accounts/login/' }, 'session')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'From <meta name="csrf-token"> of any page' }, 'csrf')
      .addBasicAuth(CLIENT_BASIC_SCHEME, 'clientBasic')
      .build(),
    { include: [ApplicationsModule, AuthorizedTokensModule, ResourcesModule] },
  );
  document.paths = { ...PROTOCOL_PATHS, ...document.paths };
  // Swagger UI's routes are registered in a scope of their own, so that its policy (no
  // session, its own CSP) is declared once for all of them.
  await withPolicy(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, { sessionless: true, csp: DOCS_CSP }, (scope) => {
    SwaggerModule.setup('docs', scopedApp(scope), document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'auth-center API' });
  });
}

type Handler = (req: FastifyRequest, reply: FastifyReply) => unknown;

/** What SwaggerModule.setup uses of the application and its HTTP adapter, bound to a Fastify scope. */
function scopedApp(scope: FastifyInstance): NestFastifyApplication {
  const adapter = {
    getType: () => 'fastify',
    get: (path: string, handler: Handler) => scope.get(path, (req, reply) => handler(req, reply)),
    getRequestUrl: (req: FastifyRequest) => req.url,
  };
  return {
    getHttpAdapter: () => adapter,
    useStaticAssets: (options: Record<string, unknown>) => scope.register(fastifyStatic, { root: options.root as string, ...options }),
  } as unknown as NestFastifyApplication;
}
