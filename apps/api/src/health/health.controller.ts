import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { DatabasePing } from '@hush/persistence';
import { DATABASE_PING } from '../tokens';
import { ShutdownState } from '../lifecycle/graceful-shutdown';

/** Liveness (the process answers) and readiness (the database commits a write in time), in terminus' format. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(DATABASE_PING) private readonly database: DatabasePing,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('database');
        if (this.shutdown.shuttingDown) return indicator.down({ message: 'shutting down' });
        try {
          // Bounded by DATABASE_PROBE_TIMEOUT_MS.
          await this.database.ping();
          return indicator.up();
        } catch {
          return indicator.down({ message: 'database unavailable' });
        }
      },
    ]);
  }
}
