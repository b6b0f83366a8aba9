/**
 * graphql-ws on the HTTP server's port and `/graphql` path, executing through Yoga's envelop
 * (same schema, context and plugins as HTTP). Subscriptions go through SharedSubscriptions, so a
 * crowd watching one ranking costs one execution and one serialization per update.
 */
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { CloseCode, makeServer, handleProtocols, type ServerOptions } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context, Viewer } from '../context.js';
import { inRequest, log } from '../logger.js';
import { clientAddress } from './client-address.js';
import { closeFor, watchCredentials } from './credential-watch.js';
import { sendTextFrame, textFrame } from './ws-frames.js';
import { LIMITS } from './limits.js';
import { CLOSE_TOO_MANY_CONNECTIONS, CLOSE_TOO_SLOW, type LiveConnections } from './live-connections.js';
import { resolvePersisted, type PersistedManifest } from './persisted.js';
import { callerRefusal, type Callers } from './caller.js';
import { countedWhileOpen, subscriptionTopic, type LiveMeter } from '../metrics/live.js';
import { sharingKey, type SendPayload, type SharedPayload, type SharedSubscriptions } from './shared-subscriptions.js';

type Enveloped = ReturnType<YogaServerInstance<object, object>['getEnveloped']>;
interface Root {
  enveloped: Enveloped;
  sharedKey: string;
  /** Writes a serialized result as this subscription's `next` message. */
  send: SendPayload;
}

const KEEP_ALIVE_MS = 12_000;

export interface GraphqlWsOptions {
  path?: string;
  share?: boolean;
  /** Resolves the viewer of `connection_init`'s params; throws when the credentials are refused. */
  authenticate: (connectionParams: Record<string, unknown> | undefined) => Promise<Viewer>;
  /** How often a connection's credentials are checked again (0: only at subscribe and expiry). */
  credentialCheckMs: number;
  /** Who calls each operation, resolved once for every rule (see `caller.ts`). */
  callers: Callers;
  manifest: PersistedManifest;
  production: boolean;
  /** Behind a trusted load balancer: the caller is the last `X-Forwarded-For` hop. */
  trustProxy?: boolean;
  /** Live connections per address, shared with SSE. */
  connections: LiveConnections;
  /** Bytes a client may leave unread before it is dropped (LIMITS' by default). */
  maxQueuedBytes?: number;
  /** Counts open subscriptions per topic when metrics are on. */
  metrics?: LiveMeter;
}

interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
  stopWatch?: () => void;
}

/**
 * Credentials go in `connection_init` (`authorization: "Bearer …"` or `apiKey`): refused ones
 * close the socket at once (4401 expired, 4403 otherwise), they are resolved again on every
 * subscribe, and the socket is closed when the session expires or a periodic check refuses them.
 */
export function attachGraphqlWs(server: Server, yoga: YogaServerInstance<object, object>, shared: SharedSubscriptions, wsOptions: GraphqlWsOptions) {
  const { path = '/graphql', share = true } = wsOptions;
  const wss = new WebSocketServer({ server, path, handleProtocols, maxPayload: LIMITS.maxSocketMessageBytes });
  /** A client that lets more than the bound pile up unread is dropped, so it costs the others nothing. */
  const drainsInTime = (socket: WebSocket): boolean => {
    if (socket.bufferedAmount <= (wsOptions.maxQueuedBytes ?? LIMITS.maxQueuedBytesPerClient)) return true;
    log.warn({ queued: socket.bufferedAmount }, 'live client does not read; dropped');
    socket.close(CLOSE_TOO_SLOW, 'Too slow: messages were not read');
    socket.terminate();
    return false;
  };
  const options: ServerOptions<Record<string, unknown>, Extra> = {
    onConnect: async (ctx) => {
      const { socket } = ctx.extra;
      const check = () => wsOptions.authenticate(ctx.connectionParams);
      try {
        const viewer = await check();
        ctx.extra.stopWatch = watchCredentials(viewer, check, (code, reason) => socket.close(code, reason), wsOptions.credentialCheckMs);
        return true;
      } catch (err) {
        const close = closeFor(err);
        if (!close) throw err;
        socket.close(close.code, close.reason);
        return false;
      }
    },
    execute: (args) => (args.rootValue as Root).enveloped.execute(args as ExecutionArgs),
    subscribe: (args) => {
      const { enveloped, sharedKey, send } = args.rootValue as Root;
      const start = () => enveloped.subscribe(args as ExecutionArgs) as Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
      const result = share ? shared.subscribe(sharedKey, start, send) : start();
      const metrics = wsOptions.metrics;
      if (!metrics) return result as never;
      const topic = subscriptionTopic(args.document, args.operationName);
      return Promise.resolve(result).then((r) => countedWhileOpen(r, () => metrics.subscribed(topic, 'ws'))) as never;
    },
    onSubscribe: async (ctx, id, message) => {
      if (Object.keys(ctx.subscriptions).length > LIMITS.maxSubscriptionsPerSocket) {
        return [
          new GraphQLError(`At most ${LIMITS.maxSubscriptionsPerSocket} subscriptions per connection`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }),
        ];
      }
      // Credentials are resolved again on every subscribe: refused ones end the connection.
      const initial = { ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params: message, connectionParams: ctx.connectionParams };
      // Refused credentials end the connection; they, a reached rate limit and GraphQL errors answer the subscription.
      const refusalOf = (err: unknown) => {
        const close = closeFor(err);
        if (close) ctx.extra.socket.close(close.code, close.reason);
        return callerRefusal(err);
      };
      let params: ReturnType<typeof resolvePersisted<typeof message>>;
      try {
        params = resolvePersisted(message, wsOptions.manifest, await wsOptions.callers.mayUseText(initial, wsOptions.production));
      } catch (err) {
        const refusal = refusalOf(err);
        if (refusal) return [refusal];
        throw err;
      }
      initial.params = params;
      const enveloped = yoga.getEnveloped(initial);
      let document: DocumentNode;
      try {
        document = enveloped.parse(params.query);
      } catch (err) {
        return [err as GraphQLError];
      }
      const errors = enveloped.validate(enveloped.schema, document);
      if (errors.length) return errors;
      let contextValue: Context;
      try {
        contextValue = (await enveloped.contextFactory()) as unknown as Context;
      } catch (err) {
        const refusal = refusalOf(err);
        if (refusal) return [refusal];
        throw err;
      }
      const sharedKey = sharingKey(contextValue.viewer, params);
      const envelopeText = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
      const envelope = Buffer.from(envelopeText);
      return {
        schema: enveloped.schema,
        operationName: params.operationName,
        document,
        variableValues: params.variables,
        contextValue,
        rootValue: {
          enveloped,
          sharedKey,
          // The envelope is the only per-subscriber bytes: the payload is the group's, encoded once
          // and written as it is (a text frame: graphql-transport-ws speaks text). Members whose
          // envelope is the same (the same subscription id) share the whole frame.
          send: (payload: SharedPayload) => {
            const socket = ctx.extra.socket;
            if (socket.readyState !== socket.OPEN || !drainsInTime(socket)) return;
            const body = payload.bytesEndingWith('}');
            sendTextFrame(
              socket,
              envelope,
              body,
              payload.messageFor(envelopeText, () => textFrame(envelope, body)),
            );
          },
        } satisfies Root,
      };
    },
  };
  const protocol = makeServer(options);

  wss.on('connection', (socket, request) => {
    const ip = clientAddress(request, wsOptions.trustProxy ?? false);
    if (!wsOptions.connections.tryOpen(ip)) {
      socket.close(CLOSE_TOO_MANY_CONNECTIONS, 'Too many connections from this address');
      return;
    }
    socket.once('close', () => wsOptions.connections.closed(ip));
    const extra: Extra = { socket, request };
    socket.on('error', () => socket.close(CloseCode.InternalServerError, 'Internal server error'));
    let pongWait: NodeJS.Timeout | undefined;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, KEEP_ALIVE_MS);
    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN || !drainsInTime(socket)) return resolve();
            socket.send(data, (err) => (err ? reject(err) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', async (event) => {
            try {
              // Each message is a request of its own: its log lines carry their own id.
              await inRequest(ip, () => cb(String(event)));
            } catch (err) {
              log.error({ err }, 'graphql-ws message failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      extra.stopWatch?.();
      clearTimeout(pongWait);
      clearInterval(ping);
      void closed(code, String(reason));
    });
  });

  return {
    wss,
    /** Closes every socket (clients see 1001 going away) and the server. */
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
