// Issue 18, the host side: get_system_metrics from /proc and statfs (numbers in structuredContent, no shell) and
// check_service_health through `systemctl show` with a checked unit name, never journal lines, and a plain answer
// where there is no systemd. The emulated host profile answers by default; the machine's own code path is run
// against fixture /proc files and a stand-in systemctl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { HOST_DEMO } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import type { RunningServer } from '../helpers/server-process.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { tempDir } from '../helpers/temp.js';

type Row = Record<string, unknown>;
const FIXTURE_PROC = fileURLToPath(new URL('test/fixtures/local/proc/', REPO_ROOT));
const PROPERTIES = '--property=LoadState,ActiveState,SubState,ActiveEnterTimestamp,ActiveEnterTimestampMonotonic';

let fixture: InProcessFixture;
let server: RunningServer;
before(async () => {
  fixture = await startInProcessFixture();
  server = await fixture.server();
});
after(async () => {
  await server.close();
  await fixture.close();
});

/**
 * A stand-in systemctl: it logs its arguments, answers `show` like systemd (with a journal-looking line the tool
 * must not pass on), and would print journal lines for `status`, which must never be asked for.
 */
function standInSystemctl(behaviour: 'systemd' | 'no-systemd'): { path: string; calls: () => string[][] } {
  const dir = tempDir('systemctl');
  const log = join(dir, 'calls.jsonl');
  writeFileSync(log, '');
  const script = `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
if (${JSON.stringify(behaviour)} === 'no-systemd') {
  process.stderr.write('System has not been booted with systemd as init system (PID 1). Can\\'t operate.\\nFailed to connect to bus: Host is down\\n');
  process.exit(1);
}
if (args.includes('status')) { process.stdout.write('Dec 04 09:00:00 host nginx[812]: JOURNAL LINE token=abc123\\n'); process.exit(0); }
const unit = args[args.length - 1];
const known = unit === 'nginx.service';
process.stdout.write([
  'LoadState=' + (known ? 'loaded' : 'not-found'),
  'ActiveState=' + (known ? 'active' : 'inactive'),
  'SubState=' + (known ? 'running' : 'dead'),
  'ActiveEnterTimestamp=' + (known ? 'Thu 2026-12-03 10:00:00 UTC' : ''),
  'ActiveEnterTimestampMonotonic=' + (known ? '4413020000' : '0'),
  'StatusText=Dec 04 09:00:00 host nginx[812]: JOURNAL LINE token=abc123',
].join('\\n') + '\\n');
`;
  const path = join(dir, 'systemctl');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  const calls = () =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as string[]);
  return { path, calls };
}

describe('get_system_metrics', () => {
  test('the sandbox host profile: CPU over a sample, load, memory, swap, disks per real filesystem, uptime, as numbers', async () => {
    const result = await server.call('get_system_metrics');
    assert.equal(result.isError, false, result.text);
    const { cpu, memory, swap, disks, uptimeSeconds, source } = result.structured as {
      cpu: Row;
      memory: Row;
      swap: Row;
      disks: Row[];
      uptimeSeconds: number;
      source: string;
    };
    assert.equal(source, 'proc');
    assert.deepEqual(cpu, {
      cores: HOST_DEMO.cores,
      usagePercent: HOST_DEMO.cpuUsagePercent,
      sampleMs: 100,
      loadAverage: { one: HOST_DEMO.load[0], five: HOST_DEMO.load[1], fifteen: HOST_DEMO.load[2] },
    });
    const kib = 1024;
    assert.equal(memory.totalBytes, HOST_DEMO.memTotalKb * kib);
    assert.equal(memory.availableBytes, HOST_DEMO.memAvailableKb * kib);
    assert.equal(memory.usedPercent, Math.round(((HOST_DEMO.memTotalKb - HOST_DEMO.memAvailableKb) / HOST_DEMO.memTotalKb) * 1000) / 10);
    assert.equal(swap.usedBytes, (HOST_DEMO.swapTotalKb - HOST_DEMO.swapFreeKb) * kib);
    assert.equal(uptimeSeconds, HOST_DEMO.uptimeSeconds);
    // proc, sysfs, tmpfs, cgroup2, a snap's squashfs and a container's overlay are left out; /dev/sdb1 mounted
    // twice is shown once, by its shorter path.
    assert.deepEqual(
      disks.map((d) => [d.mount, d.device, d.type]),
      [
        ['/', '/dev/sda1', 'ext4'],
        ['/boot/efi', '/dev/sda15', 'vfat'],
        ['/mnt/data', '/dev/sdb1', 'xfs'],
      ],
    );
    for (const d of disks) {
      assert.equal(
        d.usedPercent,
        Math.round(((d.usedBytes as number) / ((d.usedBytes as number) + (d.availableBytes as number))) * 1000) / 10,
      );
      assert.ok(result.text.includes(`- ${String(d.mount)}: `), result.text);
    }
    assert.match(result.text, /^CPU: 25% used over 100 ms, 4 cores; load 0\.42 0\.57 0\.61 \(1, 5, 15 min\)$/m);
  });

  test("this machine's code path on fixture /proc files: cores, load, memory, swap, uptime parsed; one CPU reading twice is no measurement", async () => {
    const machine = await fixture.server({}, { host: null, local: { procRoot: FIXTURE_PROC } });
    try {
      const result = await machine.call('get_system_metrics');
      assert.equal(result.isError, false, result.text);
      const data = result.structured as { cpu: Row; memory: Row; swap: Row; disks: Row[]; uptimeSeconds: number; notes: string[] };
      assert.deepEqual(data.cpu.loadAverage, { one: 1.25, five: 0.98, fifteen: 0.77 });
      assert.equal(data.cpu.cores, 2, 'cpu0 and cpu1');
      assert.equal(data.cpu.usagePercent, null);
      assert.match(data.notes[0]!, /^CPU use could not be measured: no CPU time passed/);
      assert.equal(data.uptimeSeconds, 14413);
      assert.deepEqual([data.memory.totalBytes, data.memory.usedPercent], [8039044 * 1024, 75]);
      assert.deepEqual([data.swap.totalBytes, data.swap.usedPercent], [4194300 * 1024, 25]);
      // The fixture mounts / (and /etc/hostname of the same device), pseudo filesystems, and a path that is not there.
      assert.deepEqual(
        data.disks.map((d) => d.mount),
        ['/'],
      );
      const root = statfsSync('/');
      assert.equal(data.disks[0]!.totalBytes, root.blocks * root.bsize, "statfs of this machine's /");
      assert.ok(
        data.notes.some((n) => n.startsWith('/mnt/azops no such mount could not be read: ENOENT')),
        data.notes.join('\n'),
      );
    } finally {
      await machine.close();
    }
  });

  test('this machine itself (Linux): /proc read, CPU measured over the sample', { skip: process.platform !== 'linux' }, async () => {
    const machine = await fixture.server({}, { host: null });
    try {
      const result = await machine.call('get_system_metrics');
      assert.equal(result.isError, false, result.text);
      const data = result.structured as { source: string; cpu: Row; memory: Row; disks: Row[] };
      assert.equal(data.source, 'proc');
      assert.equal(data.memory.totalBytes, totalmem(), 'MemTotal, as Node reads it');
      const usage = data.cpu.usagePercent as number;
      assert.ok(usage >= 0 && usage <= 100, String(usage));
      assert.ok(
        data.disks.some((d) => d.mount === '/'),
        JSON.stringify(data.disks),
      );
    } finally {
      await machine.close();
    }
  });
});

describe('check_service_health', () => {
  test('systemctl show with only the state properties, the unit after --; never journal lines', async () => {
    const systemctl = standInSystemctl('systemd');
    const machine = await fixture.server({}, { host: null, local: { procRoot: FIXTURE_PROC, systemctl: systemctl.path } });
    try {
      const result = await machine.call('check_service_health', { service_name: 'nginx' });
      assert.equal(result.isError, false, result.text);
      assert.deepEqual(systemctl.calls(), [['show', '--no-pager', PROPERTIES, '--', 'nginx.service']]);
      assert.deepEqual(result.structured, {
        unit: 'nginx.service',
        serviceManager: 'systemd',
        found: true,
        loadState: 'loaded',
        activeState: 'active',
        subState: 'running',
        since: 'Thu 2026-12-03 10:00:00 UTC',
        // The fixture's uptime is 14413 s; the unit became active 4413.02 s after boot.
        activeForSeconds: 10000,
        healthy: true,
        message: 'nginx.service is active (running) since Thu 2026-12-03 10:00:00 UTC, 2h 46m.',
      });
      const everything = `${result.text}${JSON.stringify(result.structured)}`;
      assert.ok(!everything.includes('JOURNAL') && !everything.includes('abc123'), 'a line beyond the properties asked for came through');

      const unknown = await machine.call('check_service_health', { service_name: 'nginx-typo.service' });
      assert.deepEqual([unknown.structured.found, unknown.structured.healthy], [false, false]);
      assert.equal(unknown.text, 'systemd has no unit nginx-typo.service (LoadState not-found): check the name.');
    } finally {
      await machine.close();
    }
  });

  test('a unit name that is an option or carries anything else is refused before systemctl runs', async () => {
    const systemctl = standInSystemctl('systemd');
    const machine = await fixture.server({}, { host: null, local: { systemctl: systemctl.path } });
    try {
      for (const service_name of [
        '-H',
        '--host=prod',
        '-.mount',
        '--user',
        'nginx;reboot',
        'nginx status',
        '../nginx',
        'ngi\nnx',
        'a@b@c',
      ]) {
        const result = await machine.call('check_service_health', { service_name });
        assert.equal(result.isError, true, service_name);
        assert.match(result.text, /^Input validation error: .*service_name: .*is not a systemd unit name/, service_name);
      }
      assert.deepEqual(systemctl.calls(), []);
    } finally {
      await machine.close();
    }
  });

  test('no systemd (PID 1 is another init, as in containers) or no systemctl at all: a plain answer, not an error', async () => {
    const systemctl = standInSystemctl('no-systemd');
    const noSystemd = await fixture.server({}, { host: null, local: { systemctl: systemctl.path } });
    const noSystemctl = await fixture.server({}, { host: null, local: { systemctl: join(tempDir('nothing'), 'systemctl') } });
    try {
      const booted = await noSystemd.call('check_service_health', { service_name: 'ssh' });
      assert.equal(booted.isError, false, booted.text);
      assert.deepEqual([booted.structured.serviceManager, booted.structured.healthy, booted.structured.found], ['none', null, null]);
      assert.match(booted.text, /^ssh\.service cannot be checked: systemd is not running on this machine \(PID 1 is another init/);
      const missing = await noSystemctl.call('check_service_health', { service_name: 'ssh' });
      assert.equal(missing.isError, false, missing.text);
      assert.equal(missing.structured.serviceManager, 'none');
      assert.match(missing.text, /^ssh\.service cannot be checked: systemctl is not installed/);
    } finally {
      await noSystemd.close();
      await noSystemctl.close();
    }
  });

  test('the sandbox host profile: running, failed, inactive and unknown units', async () => {
    const running = await server.call('check_service_health', { service_name: HOST_DEMO.units.running });
    assert.deepEqual([running.structured.healthy, running.structured.subState], [true, 'running']);
    assert.equal(running.structured.activeForSeconds, HOST_DEMO.uptimeSeconds - 3600);
    const failed = await server.call('check_service_health', { service_name: HOST_DEMO.units.failed });
    assert.deepEqual([failed.structured.healthy, failed.structured.activeState], [false, 'failed']);
    assert.match(failed.text, /is NOT running: failed \(failed\)/);
    const inactive = await server.call('check_service_health', { service_name: HOST_DEMO.units.inactive });
    assert.deepEqual([inactive.structured.healthy, inactive.structured.since], [false, null]);
    const unknown = await server.call('check_service_health', { service_name: 'nope' });
    assert.equal(unknown.structured.found, false);
  });
});
