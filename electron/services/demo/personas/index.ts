import { coginitiPersona } from './coginiti';
import { confirmitPersona } from './confirmit';
import { cortexPersona } from './cortex';
import { rfcPersona } from './rfc';
import type { DemoPersona, PersonaSpec } from './types';

export const PERSONA_SPECS: Record<DemoPersona, PersonaSpec> = {
  rfc: rfcPersona,
  cortex: cortexPersona,
  confirmit: confirmitPersona,
  coginiti: coginitiPersona,
};

export type { DemoPersona, PersonaSpec } from './types';
