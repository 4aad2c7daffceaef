import { defineStore } from 'pinia';

// The signed-in user and the CSRF token for this session (from POST /session or GET /me).
export const useSessionStore = defineStore('session', {
  state: () => ({ user: null, csrf: '', checked: false }),
  getters: {
    signedIn: (s) => !!s.user,
    can: (s) => (permission) => !!s.user && s.user.permissions.includes(permission),
  },
  actions: {
    set(data) {
      this.user = data.user;
      this.csrf = data.csrf;
      this.checked = true;
    },
    clear() {
      this.user = null;
      this.csrf = '';
      this.checked = true;
    },
  },
});
