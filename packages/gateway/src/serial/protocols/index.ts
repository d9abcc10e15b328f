import type { DeviceProtocolName } from '../device-config.js';
import { Ad8232Handler } from './ad8232.js';
import type { HandlerContext, ProtocolHandler } from './handler.js';
import { Hl7Handler } from './hl7.js';
import { MasimoHandler } from './masimo.js';
import { OpenViewHandler } from './openview.js';

export function createHandler(protocol: DeviceProtocolName, ctx: HandlerContext): ProtocolHandler {
  switch (protocol) {
    case 'openview':
      return new OpenViewHandler(ctx);
    case 'ad8232':
      return new Ad8232Handler(ctx);
    case 'masimo':
      return new MasimoHandler(ctx);
    case 'hl7':
      return new Hl7Handler(ctx);
  }
}
