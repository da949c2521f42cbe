import { z } from 'zod';

export const themePreferenceSchema = z.enum(['system', 'light', 'dark']);

export const settingsSchema = z.object({
  theme: themePreferenceSchema.default('system'),
  lastConnectionId: z.string().max(200).optional(),
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial();

export const appInfoSchema = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'web']),
  /** Which at-rest protection is in force for secrets, so the UI can say it. */
  secretStorage: z.object({ scheme: z.string(), description: z.string(), osBacked: z.boolean() }),
  dataDir: z.string(),
  /** Things the user should know since launch, e.g. a corrupt profile file moved aside. */
  notices: z.array(z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() })),
  demoServer: z.object({ running: z.boolean(), url: z.string().optional(), users: z.number().int() }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const cancelInputSchema = z.object({ callId: z.string().min(1).max(100) });
