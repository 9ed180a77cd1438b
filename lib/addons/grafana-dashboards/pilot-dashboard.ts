import { dashboard, DashboardFile } from './builder';

/** PLACEHOLDER: being written. */
export function pilotDashboard(): DashboardFile {
  return { name: 'pilot-dashboard', dashboard: dashboard({ title: '', panels: [] }) };
}
