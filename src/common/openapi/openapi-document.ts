import { addStandardErrors } from './standard-errors';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI 3 document of the service, generated from its controllers and DTOs. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sunshine Ledger 阳光台账')
      .setDescription(
        'Fund and asset ledger for rural revitalisation funds. Money is a decimal yuan string; dates are YYYY-MM-DD; ' +
          'every POST accepts an Idempotency-Key header. With read replicas, a write answers X-Ledger-LSN, which a ' +
          'later read sends back to see that write (docs/replicas.md).',
      )
      .setVersion('v1')
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      .addServer('/', 'this service')
      // Opaque tokens (sl_…), not JWTs; only their SHA-256 is stored.
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' }, 'bearer')
      .build(),
  );
  return addStandardErrors(app, document);
}
