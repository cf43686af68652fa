import { defineToolset } from '../define.js';
import { getContainerLogs, listContainers, restartContainer } from './containers.js';
import { checkServiceHealth, getSystemMetrics } from './host.js';
import { getInfrastructureStatus } from './status.js';

export const local = defineToolset(
  'local',
  'This machine: its Docker engine (containers, logs, restart), host metrics, systemd services and overall status.',
  [listContainers, getContainerLogs, restartContainer, getSystemMetrics, checkServiceHealth, getInfrastructureStatus],
);
