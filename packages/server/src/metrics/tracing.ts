/**
 * Optional OpenTelemetry tracing (PANTAU_TRACING): one span per GraphQL operation through
 * `@envelop/opentelemetry`, exported over OTLP/HTTP (the standard OTEL_EXPORTER_OTLP_* variables
 * say where) or printed to the console. Spans carry the operation's name and type and its document
 * when it has no inline arguments, never variables, results or resolver arguments: those hold
 * NIKs, names and scores. Loaded only when asked for, so a server without tracing pays nothing.
 */
import type { Plugin } from 'graphql-yoga';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export type TracingExport = 'otlp' | 'console';

export interface Tracing {
  plugin: Plugin;
  /** Sends the spans still buffered, then stops. */
  close(): Promise<void>;
}

export async function startTracing(target: TracingExport | SpanExporter, instanceId: string): Promise<Tracing> {
  const [{ useOpenTelemetry }, { SpanKind }, { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter }] = await Promise.all([
    import('@envelop/opentelemetry'),
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  let exporter: SpanExporter;
  if (target === 'console') exporter = new ConsoleSpanExporter();
  else if (target === 'otlp') exporter = new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  else exporter = target;
  const provider = new BasicTracerProvider();
  provider.addSpanProcessor(new BatchSpanProcessor(exporter));
  const plugin = useOpenTelemetry(
    { resolvers: false, variables: false, result: false },
    provider,
    SpanKind.SERVER,
    { 'service.instance.id': instanceId },
    'pantau',
    'pantau.',
  ) as unknown as Plugin;
  return { plugin, close: () => provider.shutdown() };
}
