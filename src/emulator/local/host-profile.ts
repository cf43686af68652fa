// The sandbox's machine: fixed /proc files, filesystems and systemd units, so the host tools answer the same
// figures on every run. It has the shape of the server's HostProbe (src/local/host.ts) without importing it.

export const HOST_DEMO = {
  cores: 4,
  /** CPU busy between any two readings of /proc/stat. */
  cpuUsagePercent: 25,
  uptimeSeconds: 302_400,
  load: [0.42, 0.57, 0.61] as const,
  memTotalKb: 16_265_624,
  memAvailableKb: 9_759_374,
  swapTotalKb: 2_097_148,
  swapFreeKb: 1_887_433,
  units: {
    running: 'nginx.service',
    failed: 'certbot.service',
    inactive: 'backup.service',
  },
} as const;

interface Unit {
  LoadState: string;
  ActiveState: string;
  SubState: string;
  ActiveEnterTimestamp: string;
  ActiveEnterTimestampMonotonic: string;
}

const active = (hoursAfterBoot: number, since: string): Unit => ({
  LoadState: 'loaded',
  ActiveState: 'active',
  SubState: 'running',
  ActiveEnterTimestamp: since,
  ActiveEnterTimestampMonotonic: String(hoursAfterBoot * 3600 * 1_000_000),
});

const UNITS: Record<string, Unit> = {
  'nginx.service': active(1, 'Sun 2026-11-29 13:00:00 UTC'),
  'docker.service': active(0.01, 'Sun 2026-11-29 12:00:36 UTC'),
  'containerd.service': active(0.01, 'Sun 2026-11-29 12:00:35 UTC'),
  'ssh.service': active(0.01, 'Sun 2026-11-29 12:00:31 UTC'),
  'cron.service': active(0.01, 'Sun 2026-11-29 12:00:30 UTC'),
  'certbot.service': {
    LoadState: 'loaded',
    ActiveState: 'failed',
    SubState: 'failed',
    ActiveEnterTimestamp: 'Thu 2026-12-03 00:00:02 UTC',
    ActiveEnterTimestampMonotonic: String(324_002 * 1_000_000),
  },
  'backup.service': {
    LoadState: 'loaded',
    ActiveState: 'inactive',
    SubState: 'dead',
    ActiveEnterTimestamp: '',
    ActiveEnterTimestampMonotonic: '0',
  },
};
/** What systemctl show says of a unit it does not know. */
const UNKNOWN: Unit = {
  LoadState: 'not-found',
  ActiveState: 'inactive',
  SubState: 'dead',
  ActiveEnterTimestamp: '',
  ActiveEnterTimestampMonotonic: '0',
};

const MOUNTS = [
  'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
  'udev /dev devtmpfs rw,nosuid,relatime,size=8094532k,nr_inodes=2023633,mode=755 0 0',
  'tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1626564k,mode=755 0 0',
  '/dev/sda1 / ext4 rw,relatime,discard,errors=remount-ro 0 0',
  'cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0',
  '/dev/sda15 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1 0 0',
  '/dev/sdb1 /mnt/data xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0',
  '/dev/loop3 /snap/core22/1663 squashfs ro,nodev,relatime,errors=continue 0 0',
  'overlay /var/lib/docker/overlay2/4f1c2a9e7b31/merged overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/ABC 0 0',
  '/dev/sdb1 /srv/backups xfs rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0',
];

/** statfs answers by mount point: 4 KiB blocks. */
const FILESYSTEMS: Record<string, { blocks: number; bfree: number; bavail: number }> = {
  '/': { blocks: 25_656_558, bfree: 14_562_840, bavail: 13_250_044 },
  '/boot/efi': { blocks: 27_140, bfree: 25_535, bavail: 25_535 },
  '/mnt/data': { blocks: 134_152_192, bfree: 18_241_920, bavail: 18_241_920 },
  '/srv/backups': { blocks: 134_152_192, bfree: 18_241_920, bavail: 18_241_920 },
};

function procStat(reading: number): string {
  // Each reading adds 300 jiffies a core-second, 75 of them busy: 25% busy between any two readings.
  const lines = ['cpu', ...Array.from({ length: HOST_DEMO.cores }, (_, i) => `cpu${i}`)].map((name, i) => {
    const scale = i === 0 ? HOST_DEMO.cores : 1;
    const user = (120_000 + reading * 50) * scale;
    const system = (40_000 + reading * 25) * scale;
    const idle = (900_000 + reading * 220) * scale;
    const iowait = (2_000 + reading * 5) * scale;
    return `${name}${i === 0 ? ' ' : ''} ${user} 300 ${system} ${idle} ${iowait} 0 1200 0 0 0`;
  });
  return `${lines.join('\n')}\nintr 1234567\nctxt 7654321\nbtime 1796472000\nprocesses 40123\nprocs_running 2\nprocs_blocked 0\n`;
}

const errno = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });

export interface HostProfile {
  readonly platform: string;
  readonly cpuSampleMs: number;
  readProc(name: string): Promise<string>;
  statfs(path: string): Promise<{ bsize: number; blocks: number; bfree: number; bavail: number }>;
  systemctl(
    args: readonly string[],
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<{ exitCode: number | null; stdout: string; stderr: string }>;
}

/** A fresh profile; `systemctlArgs` records every systemctl command line it was asked to run. */
export function createHostProfile(): HostProfile & { systemctlArgs: string[][] } {
  let readings = 0;
  const systemctlArgs: string[][] = [];
  const kb = (n: number) => `${String(n).padStart(8)} kB`;
  const files: Record<string, () => string> = {
    stat: () => procStat(readings++),
    loadavg: () => `${HOST_DEMO.load.join(' ')} 2/412 40123\n`,
    uptime: () => `${HOST_DEMO.uptimeSeconds}.00 1180000.00\n`,
    meminfo: () =>
      [
        `MemTotal:       ${kb(HOST_DEMO.memTotalKb)}`,
        `MemFree:        ${kb(2_113_000)}`,
        `MemAvailable:   ${kb(HOST_DEMO.memAvailableKb)}`,
        `Buffers:        ${kb(402_112)}`,
        `Cached:         ${kb(7_011_388)}`,
        `SwapCached:     ${kb(10_240)}`,
        `SwapTotal:      ${kb(HOST_DEMO.swapTotalKb)}`,
        `SwapFree:       ${kb(HOST_DEMO.swapFreeKb)}`,
        `HugePages_Total:       0`,
        '',
      ].join('\n'),
    mounts: () => `${MOUNTS.join('\n')}\n`,
  };
  return {
    platform: 'linux',
    cpuSampleMs: 100,
    systemctlArgs,
    async readProc(name) {
      const file = files[name];
      if (!file) throw errno('ENOENT', `no such file or directory, open '/proc/${name}'`);
      return file();
    },
    async statfs(path) {
      const fs = FILESYSTEMS[path];
      if (!fs) throw errno('ENOENT', `no such file or directory, statfs '${path}'`);
      return { bsize: 4096, ...fs };
    },
    async systemctl(args) {
      systemctlArgs.push([...args]);
      // Only the one form check_service_health sends: show, no pager, the properties, --, the unit.
      const [verb, pager, properties, separator, unit, ...rest] = args;
      if (verb !== 'show' || pager !== '--no-pager' || !properties?.startsWith('--property=') || separator !== '--' || !unit || rest.length)
        return { exitCode: 1, stdout: '', stderr: `Unknown command line: ${args.join(' ')}\n` };
      const state = UNITS[unit] ?? UNKNOWN;
      const asked = properties.slice('--property='.length).split(',');
      const stdout = asked.map((name) => `${name}=${state[name as keyof Unit] ?? ''}\n`).join('');
      return { exitCode: 0, stdout, stderr: '' };
    },
  };
}
