// The lazy town → village/community cascader of the forms that take a place in the user's
// district (scope's first 6 digits); `leaf` nodes are villages and communities (level 5).
import { get } from '../api';
import { useSessionStore } from '../stores/session';

export function useRegionCascader() {
  const session = useSessionStore();
  return {
    lazy: true,
    async lazyLoad(node, resolve) {
      const parent = node.level === 0 ? session.user.scope.slice(0, 6) : node.value;
      try {
        const items = (await get(`/api/v1/regions?parent=${parent}`)).items;
        resolve(items.map((r) => ({ value: r.code, label: r.name, leaf: r.level >= 5 })));
      } catch {
        resolve([]);
      }
    },
  };
}
