export declare const FALLBACK_MESSAGE: string;

export type Runtime = { kind: 'electron'; binary: string } | { kind: 'web'; reason: string };

export declare function chooseRuntime(resolveElectron: () => unknown, exists?: (path: string) => boolean): Runtime;

export declare function resolveElectronBinary(require: NodeJS.Require, exists?: (path: string) => boolean): unknown;

export declare function launchCommand(
  runtime: Runtime,
  options: { root: string; args?: string[]; nodePath?: string },
): { command: string; args: string[]; script: string };

export declare function childEnv(runtime: Runtime, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
