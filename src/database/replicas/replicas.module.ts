import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ReadRouter } from './read-router';
import { ReadRoutingInterceptor } from './read-routing.interceptor';

/** Read replicas (DATABASE_REPLICA_URLS): ReadRouter for the read services, the interceptor for every request. */
@Global()
@Module({
  providers: [ReadRouter, { provide: APP_INTERCEPTOR, useClass: ReadRoutingInterceptor }],
  exports: [ReadRouter],
})
export class ReplicasModule {}
