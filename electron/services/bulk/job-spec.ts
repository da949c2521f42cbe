import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, jobStartInputSchema, type JobSpec } from '../../../shared/contract';

const CHUNK = 64 * 1024;

/**
 * What a job was started with, from the first line of its file in the jobs dir (the header JobStore
 * writes): a retry plans again from the original plan's parameters. Reads only up to that line.
 */
export async function readJobSpec(jobsDir: string, jobId: string): Promise<JobSpec> {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(jobId)) throw new AppError({ code: 'invalid_input', message: `Not a job id: ${jobId.slice(0, 40)}` });
  let handle;
  try {
    handle = await open(join(jobsDir, `${jobId}.jsonl`), 'r');
  } catch {
    throw new AppError({ code: 'not_found', message: `There is no job ${jobId}; it may have been removed.` });
  }
  try {
    const chunks: Buffer[] = [];
    for (let position = 0; ; position += CHUNK) {
      const buffer = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
      chunks.push(buffer.subarray(0, end < 0 ? bytesRead : end));
      if (end >= 0 || bytesRead === 0) break;
    }
    const header = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { spec?: unknown };
    return jobStartInputSchema.parse(header.spec);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError({ code: 'internal', message: `The file of job ${jobId} does not say what it was started with.` });
  } finally {
    await handle.close();
  }
}
