// The loads of a list page: only the newest of overlapping loads applies its answer. A list
// filtered again before the previous answer came back (the first load of the page still on its
// way when the user presses Enter) would otherwise show whichever answer arrived last — the
// unfiltered one. `loading` stays on until the newest load is done; its error is shown. Show it
// on the list (v-loading), not on the form's submit button: a loading el-button is disabled,
// and a form whose submit button is disabled ignores Enter, so a search typed while the page's
// first load was still on its way did nothing.
import { ref } from 'vue';
import { ElMessage } from 'element-plus';

export function useLatestLoad() {
  const loading = ref(false);
  let newest = 0;
  // `fetch` returns a promise of the answer; `apply(answer)` puts it on the page.
  async function load(fetch, apply) {
    const mine = ++newest;
    loading.value = true;
    try {
      const answer = await fetch();
      if (mine === newest) apply(answer);
    } catch (e) {
      if (mine === newest) ElMessage.error(e.message);
    } finally {
      if (mine === newest) loading.value = false;
    }
  }
  return { loading, load };
}
