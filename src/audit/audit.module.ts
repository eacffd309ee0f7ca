import { Module } from '@nestjs/common';
import { FindingsModule } from './findings/findings.module';
import { PerformanceModule } from './performance/performance.module';
import { ReconcileModule } from './reconcile/reconcile.module';
import { TraceModule } from './trace/trace.module';

/** The audit bureau's reads (审计): traces, reconciliation, findings, performance. Read-only by construction. */
@Module({ imports: [TraceModule, ReconcileModule, FindingsModule, PerformanceModule] })
export class AuditModule {}
