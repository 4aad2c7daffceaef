import { defineStore } from 'pinia';
import { get } from '../api';

// Enumerations of the ledger (categories, statuses ...) with their Chinese labels, loaded once.
export const useOptionsStore = defineStore('options', {
  state: () => ({
    loaded: false, categories: [], statuses: [], educations: [], contact_channels: [], contact_results: [],
    service_kinds: [], service_outcomes: {}, unemployment_causes: [], close_outcomes: [], employment_kinds: [],
  }),
  actions: {
    async load() {
      if (this.loaded) return;
      Object.assign(this, await get('/api/v1/ledger/options'), { loaded: true });
    },
  },
});
