// Pure parser of /proc/mounts (fstab format: `device mountpoint fstype options dump pass`, fields separated by
// spaces; a space, tab, newline or backslash inside a field is written as an octal escape: `\040`, `\011`,
// `\012`, `\134`). Lines that do not have at least the first three fields are skipped.

export interface MountEntry {
  device: string;
  mountPoint: string;
  fsType: string;
}

/** `\NNN` (three octal digits) → the character it stands for (the kernel escapes only ASCII); the rest is kept. */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function parseProcMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mountPoint, fsType] = line.trim().split(/[ \t]+/);
    if (device === undefined || mountPoint === undefined || fsType === undefined || device === '') continue;
    entries.push({ device: unescapeMountField(device), mountPoint: unescapeMountField(mountPoint), fsType: unescapeMountField(fsType) });
  }
  return entries;
}

/**
 * The mount holding `path`: the longest mount point that is `path` or a parent of it; when a mount point is
 * listed twice (a mount over another), the later line wins, as the kernel lists them in mount order.
 */
export function mountHolding(entries: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const e of entries) {
    const m = e.mountPoint;
    const holds = path === m || path.startsWith(m.endsWith('/') ? m : `${m}/`);
    if (holds && (best === undefined || m.length >= best.mountPoint.length)) best = e;
  }
  return best;
}
