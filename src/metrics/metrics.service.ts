import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** A labelled counter whose series are made once per label value and kept. */
class CounterBy {
  private readonly series = new Map<string, Counter.Internal>();
  constructor(private readonly counter: Counter) {}

  inc(value: string, by = 1): void {
    let one = this.series.get(value);
    if (!one) this.series.set(value, (one = this.counter.labels(value)));
    one.inc(by);
  }
}

const counter = (registry: Registry, name: string, help: string, label?: string) =>
  new Counter({ name, help, labelNames: label ? [label] : [], registers: [registry] });

/**
 * The server's Prometheus metrics. Modules count through the small methods below; each
 * labelled series is created once and kept, so counting allocates nothing.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'auth_center_http_request_duration_seconds',
    help: 'Requests by route pattern, method and status (_count), with their latency',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly tokens = new CounterBy(counter(this.registry, 'auth_center_tokens_issued_total', 'Token responses by grant type', 'grant'));
  private readonly clientAuthFailures = counter(this.registry, 'auth_center_client_auth_failures_total', 'Failed client authentications');
  private readonly signIns = new CounterBy(
    counter(this.registry, 'auth_center_sign_ins_total', 'Sign-ins (the sign-in page and the password grant) by result', 'result'),
  );
  private readonly refusals = new CounterBy(counter(this.registry, 'auth_center_rate_limit_refusals_total', 'Requests refused by a rate limit', 'limit'));
  private readonly cleanup = new CounterBy(counter(this.registry, 'auth_center_cleanup_rows_deleted_total', 'Expired rows deleted by the cleanup', 'table'));

  constructor(@InjectDataSource() dataSource: DataSource) {
    // Process metrics: CPU, memory, event-loop lag (nodejs_eventloop_lag_*), handles.
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'auth_center_db_pool_connections',
      help: 'Database pool connections by state (MySQL/MariaDB; SQLite has no pool)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = poolOf(dataSource);
        if (!pool) return;
        const all = pool._allConnections?.length ?? 0;
        const free = pool._freeConnections?.length ?? 0;
        this.set({ state: 'in_use' }, all - free);
        this.set({ state: 'idle' }, free);
        this.set({ state: 'waiting' }, pool._connectionQueue?.length ?? 0);
      },
    });
  }

  /**
   * The latency series of one route pattern (never the raw path), method and status. The
   * request hook keeps what this returns, so a request only observes.
   */
  requestSeries(route: string, method: string, status: number): Histogram.Internal<string> {
    return this.requests.labels(route, method, String(status));
  }

  tokenIssued(grant: string): void {
    this.tokens.inc(grant);
  }

  clientAuthFailed(): void {
    this.clientAuthFailures.inc();
  }

  signIn(result: 'succeeded' | 'failed'): void {
    this.signIns.inc(result);
  }

  rateLimited(limit: string): void {
    this.refusals.inc(limit);
  }

  rowsDeleted(table: string, rows: number): void {
    this.cleanup.inc(table, rows);
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

type MysqlPool = { _allConnections?: unknown[]; _freeConnections?: unknown[]; _connectionQueue?: unknown[] };

function poolOf(dataSource: DataSource): MysqlPool | undefined {
  return (dataSource.driver as unknown as { pool?: MysqlPool }).pool;
}
