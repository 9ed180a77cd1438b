import { dashboard, DashboardFile } from './builder';

/** PLACEHOLDER: being written. */
export function mixerDashboard(): DashboardFile {
  return { name: 'mixer-dashboard', dashboard: dashboard({ title: '', panels: [] }) };
}
