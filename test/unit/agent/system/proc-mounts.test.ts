import { describe, expect, it } from 'vitest';
import { mountHolding, parseProcMounts, unescapeMountField, type MountEntry } from '../../../../agent/system/proc-mounts.ts';

describe('parseProcMounts', () => {
  it.each<[string, string, MountEntry[]]>([
    ['one line', '/dev/sda1 / ext4 rw,relatime 0 0\n', [{ device: '/dev/sda1', mountPoint: '/', fsType: 'ext4' }]],
    ['no final newline', '/dev/sda1 / ext4 rw 0 0', [{ device: '/dev/sda1', mountPoint: '/', fsType: 'ext4' }]],
    ['a space in the mount point (\\040)', '/dev/sdb1 /mnt/clé\\040usb vfat rw 0 0\n', [{ device: '/dev/sdb1', mountPoint: '/mnt/clé usb', fsType: 'vfat' }]],
    ['tab, newline and backslash escapes', 'srv:/a\\134b /mnt/a\\011b\\012c nfs4 rw 0 0\n', [{ device: 'srv:/a\\b', mountPoint: '/mnt/a\tb\nc', fsType: 'nfs4' }]],
    ['blank and short lines skipped', '\n/dev/x\n  \n/dev/y /y\ntmpfs /run tmpfs rw 0 0\n', [{ device: 'tmpfs', mountPoint: '/run', fsType: 'tmpfs' }]],
    ['only three fields', 'proc /proc proc\n', [{ device: 'proc', mountPoint: '/proc', fsType: 'proc' }]],
    ['empty file', '', []],
  ])('%s', (_name, text, want) => {
    expect(parseProcMounts(text)).toEqual(want);
  });

  it.each([
    ['plain', '/home', '/home'],
    ['\\040 is a space', 'a\\040b', 'a b'],
    ['not three octal digits: kept', 'a\\04b\\9', 'a\\04b\\9'],
  ])('unescapes %s', (_name, field, want) => {
    expect(unescapeMountField(field)).toBe(want);
  });
});

describe('mountHolding', () => {
  const entries = parseProcMounts([
    '/dev/sda1 / ext4 rw 0 0',
    '/dev/sdb1 /home ext4 rw 0 0',
    '/dev/sdc1 /home2 ext4 rw 0 0',
    'tmpfs /home ext4 rw 0 0',
    '',
  ].join('\n'));

  it.each([
    ['/', '/dev/sda1'],
    ['/home', 'tmpfs'], // mounted over /dev/sdb1: the later line wins
    ['/home/adhomes/x', 'tmpfs'],
    ['/home2', '/dev/sdc1'],
    ['/homework', '/dev/sda1'],
  ])('%s is on %s', (path, device) => {
    expect(mountHolding(entries, path)?.device).toBe(device);
  });

  it('finds nothing in an empty table', () => {
    expect(mountHolding([], '/')).toBeUndefined();
  });
});
