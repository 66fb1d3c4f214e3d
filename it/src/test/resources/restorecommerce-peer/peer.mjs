// A Restorecommerce peer for protoevents' interop test: @restorecommerce/kafka-client with the
// codecs of @restorecommerce/rc-grpc-clients, configured as the chassis configures a service.
//   node --import ./polyfill.mjs peer.mjs <bootstrap> consume <count>  print <count> user events
//   node --import ./polyfill.mjs peer.mjs <bootstrap> emit <json>      emit [[eventName, message]...]
//   node --import ./polyfill.mjs peer.mjs <bootstrap> command <name> <payload json>
//                                                  send a command, print the first <name>Response
// Prints one JSON line per result: {"event", "offset", "message", "bytes" (base64 of re-encoding)}.
import { Events, registerProtoMeta } from '@restorecommerce/kafka-client';
import { createLogger } from '@restorecommerce/logger';
import * as user from '@restorecommerce/rc-grpc-clients/dist/generated-server/io/restorecommerce/user.js';
import * as commands from '@restorecommerce/rc-grpc-clients/dist/generated-server/io/restorecommerce/commandinterface.js';

registerProtoMeta(user.protoMetadata, commands.protoMetadata);

const [bootstrap, mode, ...args] = process.argv.slice(2);
const USERS = 'io.restorecommerce.users.resource';
const COMMANDS = 'io.restorecommerce.command';
const REQUEST = 'io.restorecommerce.commandinterface.CommandRequest';
const RESPONSE = 'io.restorecommerce.commandinterface.CommandResponse';
const config = {
  provider: 'kafka',
  groupId: 'rc-peer-' + process.pid + '-' + Date.now(),
  kafka: { clientId: 'rc-peer', brokers: [bootstrap] },
  userCreated: { messageObject: 'io.restorecommerce.user.User' },
  userUpdated: { messageObject: 'io.restorecommerce.user.User' },
  userDeleted: { messageObject: 'io.restorecommerce.user.Deleted' },
  restoreCommand: { messageObject: REQUEST },
  restoreResponse: { messageObject: RESPONSE },
  resetCommand: { messageObject: REQUEST },
  resetResponse: { messageObject: RESPONSE },
  healthCheckCommand: { messageObject: REQUEST },
  healthCheckResponse: { messageObject: RESPONSE },
  versionCommand: { messageObject: REQUEST },
  versionResponse: { messageObject: RESPONSE },
};
const codecs = {
  userCreated: user.User,
  userUpdated: user.User,
  userDeleted: user.Deleted,
};
const logger = createLogger({ console: { handleExceptions: false, level: 'error', colorize: false } });
const events = new Events(config, logger);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

await events.start();
try {
  if (mode === 'consume') {
    const count = Number(args[0]);
    const topic = await events.topic(USERS);
    let seen = 0;
    await new Promise((resolve) => {
      for (const name of Object.keys(codecs)) {
        topic.on(
          name,
          async (message, context) => {
            const bytes = codecs[name].encode(codecs[name].fromPartial(message)).finish();
            print({ event: name, offset: Number(context.offset), message, bytes: Buffer.from(bytes).toString('base64') });
            if (++seen === count) resolve();
          },
          { startingOffset: 0, forceOffset: true },
        );
      }
    });
  } else if (mode === 'emit') {
    const topic = await events.topic(USERS);
    for (const [name, message] of JSON.parse(args[0])) {
      await topic.emit(name, message); // one at a time: arrays fail after the first in 1.4.3
      print({ event: name, emitted: true });
    }
  } else if (mode === 'command') {
    const [name, payload] = args;
    const topic = await events.topic(COMMANDS);
    const responseName = name.replace(/_(.)/g, (m, c) => c.toUpperCase()) + 'Response';
    const start = await topic.$offset(-1n);
    const answered = new Promise((resolve) => {
      topic.on(
        responseName,
        async (message, context) => {
          const value = message.payload?.value ? Buffer.from(message.payload.value).toString() : null;
          print({ event: responseName, offset: Number(context.offset), services: message.services,
            typeUrl: message.payload?.type_url, payload: value === null ? null : JSON.parse(value) });
          resolve();
        },
        { startingOffset: start, forceOffset: true },
      );
    });
    const commandName = name.replace(/_(.)/g, (m, c) => c.toUpperCase()) + 'Command';
    await topic.emit(commandName, {
      name,
      payload: { type_url: 'payload', value: Buffer.from(payload ?? '{}') }, // as chassis-srv's encodeMsg
    });
    print({ event: commandName, emitted: true });
    await answered;
  } else {
    throw new Error('unknown mode ' + mode);
  }
} finally {
  await events.stop();
}
process.exit(0);
