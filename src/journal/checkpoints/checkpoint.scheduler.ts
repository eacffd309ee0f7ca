import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { appConfig, type AppConfig } from '../../config/app.config';
import { CosigningService } from '../witnesses/cosigning.service';
import { CheckpointService } from './checkpoint.service';

/** Signs a checkpoint of every changed book every CHECKPOINT_INTERVAL_SECONDS (0 = never). */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly checkpoints: CheckpointService,
    private readonly cosigning: CosigningService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.checkpointIntervalSeconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.checkpointIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    // New checkpoints ask their witnesses themselves; catchUp asks again those that were down.
    this.running = this.checkpoints
      .checkpointAll()
      .then((done) => done.length && this.logger.log(`signed ${done.length} checkpoint(s)`))
      .then(() => this.cosigning.catchUp())
      .catch((err: unknown) => this.logger.error({ err }, 'checkpointing failed'));
    await this.running;
    this.running = undefined;
  }
}
