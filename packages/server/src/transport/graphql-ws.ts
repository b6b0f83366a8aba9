/**
 * graphql-ws on the HTTP server's port and `/graphql` path, executing through Yoga's envelop
 * (same schema, context and plugins as HTTP). Subscriptions go through SharedSubscriptions, so a
 * crowd watching one ranking costs one execution and one serialization per update.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { CloseCode, makeServer, handleProtocols, type ServerOptions } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context } from '../context.js';
import { sharingKey, type SharedSubscriptions } from './shared-subscriptions.js';

type Enveloped = ReturnType<YogaServerInstance<object, object>['getEnveloped']>;
interface Root {
  enveloped: Enveloped;
  sharedKey: string;
  /** Writes a serialized result as this subscription's `next` message. */
  send: (payloadJson: string) => void;
}

const KEEP_ALIVE_MS = 12_000;

export function attachGraphqlWs(server: Server, yoga: YogaServerInstance<object, object>, shared: SharedSubscriptions, { path = '/graphql', share = true } = {}) {
  const wss = new WebSocketServer({ server, path, handleProtocols });
  const options: ServerOptions<Record<string, unknown>, { socket: WebSocket; request: IncomingMessage }> = {
    execute: (args) => (args.rootValue as Root).enveloped.execute(args as ExecutionArgs),
    subscribe: (args) => {
      const { enveloped, sharedKey, send } = args.rootValue as Root;
      if (!share) return enveloped.subscribe(args as ExecutionArgs) as never;
      const start = () => enveloped.subscribe(args as ExecutionArgs) as Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
      return shared.subscribe(sharedKey, start, send) as never;
    },
    onSubscribe: async (ctx, id, params) => {
      const enveloped = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params, connectionParams: ctx.connectionParams });
      const document = enveloped.parse(params.query);
      const errors = enveloped.validate(enveloped.schema, document);
      if (errors.length) return errors;
      const contextValue = (await enveloped.contextFactory()) as unknown as Context;
      const sharedKey = sharingKey(contextValue.viewer, params);
      return {
        schema: enveloped.schema,
        operationName: params.operationName,
        document,
        variableValues: params.variables,
        contextValue,
        rootValue: {
          enveloped,
          sharedKey,
          // The envelope is the only per-subscriber bytes: the payload is the group's, encoded once.
          send: (payloadJson: string) => {
            const socket = ctx.extra.socket;
            if (socket.readyState === socket.OPEN) socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payloadJson}}`);
          },
        } satisfies Root,
      };
    },
  };
  const protocol = makeServer(options);

  wss.on('connection', (socket, request) => {
    socket.once('error', () => socket.close(CloseCode.InternalServerError, 'Internal server error'));
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
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (err) => (err ? reject(err) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', async (event) => {
            try {
              await cb(String(event));
            } catch (err) {
              console.error('graphql-ws message failed', err);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
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
