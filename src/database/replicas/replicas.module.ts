import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ReadRouter } from './read-router';
import { ReadRoutingInterceptor } from './read-routing.interceptor';

/**
 * Read replicas (DATABASE_REPLICA_URLS): ReadRouter for the read services, and with replicas the interceptor for
 * every request. Without them it is left out, not made inert: each global interceptor costs every request.
 */
@Global()
@Module({})
export class ReplicasModule {
  static forRoot({ replicas }: { replicas: boolean }): DynamicModule {
    return {
      module: ReplicasModule,
      providers: [ReadRouter, ...(replicas ? [{ provide: APP_INTERCEPTOR, useClass: ReadRoutingInterceptor }] : [])],
      exports: [ReadRouter],
    };
  }
}
