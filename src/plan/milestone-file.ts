import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MilestoneOverlaySchema, type MilestoneEdit, type MilestoneOverlay } from './milestone-edit.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * The milestones admins set in the chat live next to the plan, in data/plans/YYYY.milestones.json:
 * every confirmed edit in order (who, when, which message, the milestone as it became). The
 * imported YYYY.json is never rewritten; loading replays the edits over it.
 */
export function overlayPath(plansDir: string, year: number): string {
  return path.join(plansDir, `${year}.milestones.json`);
}

export class OverlayError extends Error {
  override name = 'PlanLoadError';
}

/** The overlay for a year, validated; null when there is none. */
export function readOverlay(file: string): MilestoneOverlay | null {
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new OverlayError(`进度节点文件 ${file} 不是合法的 JSON（${(e as Error).message}）。请从 ${file}.bak-* 恢复，或修正后重启。`);
  }
  const parsed = MilestoneOverlaySchema.safeParse(raw);
  if (!parsed.success) {
    const iss = parsed.error.issues[0]!;
    throw new OverlayError(`进度节点文件 ${file} 无法使用：${iss.path.join('.') || '(根)'}: ${iss.message}。请修正或从 ${file}.bak-* 恢复。`);
  }
  return parsed.data;
}

/** Appends one confirmed edit: read and validate what is there (never overwrite a bad file), write atomically. */
export function appendOverlayEdit(plansDir: string, year: number, edit: MilestoneEdit): void {
  const file = overlayPath(plansDir, year);
  const current = readOverlay(file) ?? { schemaVersion: 1 as const, year, edits: [] };
  const next: MilestoneOverlay = { ...current, edits: [...current.edits, edit] };
  writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
}
