// The phone-width switch every page uses: true below 768 px, kept up to date on resize.
import { ref, computed, onMounted, onBeforeUnmount } from 'vue';

export function useNarrow() {
  const width = ref(window.innerWidth);
  const onResize = () => { width.value = window.innerWidth; };
  onMounted(() => window.addEventListener('resize', onResize));
  onBeforeUnmount(() => window.removeEventListener('resize', onResize));
  return computed(() => width.value < 768);
}
