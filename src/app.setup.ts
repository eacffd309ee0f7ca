import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ErrorFilter } from './common/errors/error.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import { parseAppConfig } from './config/app.config';

export const API_PREFIX = 'api/v1';

/** Everything the running service and the e2e tests share: prefix, pipes, errors, docs. */
export function configureApp(app: INestApplication): INestApplication {
  const config = parseAppConfig(process.env);
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: config.bodyLimit });
  express.set('trust proxy', 'loopback');
  app.useLogger(app.get(Logger));
  // The public pages (/public, /public/notices/:id, /public/verify/:id …) are what notices print and link to.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'public{/*path}'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sunshine Ledger 阳光台账')
      .setDescription(
        'Fund and asset ledger for rural revitalisation funds. Money is a decimal yuan string; dates are YYYY-MM-DD; ' +
          'every POST accepts an Idempotency-Key header.',
      )
      .setVersion('v1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
