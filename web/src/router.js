import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from './stores/session';
import { get, setUnauthenticatedHandler } from './api';
import { menu } from './menu';
import MainLayout from './layouts/MainLayout.vue';
import Login from './views/Login.vue';
import Workbench from './views/Workbench.vue';
import Audit from './views/Audit.vue';
import Persons from './views/Persons.vue';
import PersonDetail from './views/PersonDetail.vue';
import PersonImport from './views/PersonImport.vue';
import NotFound from './views/NotFound.vue';
import Entitlements from './views/Entitlements.vue';
import MyPolicies from './views/MyPolicies.vue';
import PolicyCatalogue from './views/PolicyCatalogue.vue';
import PolicyParams from './views/PolicyParams.vue';
import Postings from './views/Postings.vue';
import PostingDetail from './views/PostingDetail.vue';
import PostingImport from './views/PostingImport.vue';
import Employers from './views/Employers.vue';
import EmployerDetail from './views/EmployerDetail.vue';
import Compliance from './views/Compliance.vue';
import ZeroEmployment from './views/ZeroEmployment.vue';
import MyReferrals from './views/MyReferrals.vue';
// The what-if page carries the chart library: loaded when first opened, in its own chunk.
const PolicyWhatIf = () => import('./views/PolicyWhatIf.vue');

const pages = {
  '/workbench': Workbench, '/audit': Audit, '/persons': Persons, '/persons-import': PersonImport,
  '/entitlements': Entitlements, '/my-policies': MyPolicies, '/policy-catalogue': PolicyCatalogue,
  '/policy-params': PolicyParams, '/policy-what-if': PolicyWhatIf,
  '/postings': Postings, '/my-postings': Postings, '/compliance': Compliance,
  '/zero-employment': ZeroEmployment,
  '/postings-import': PostingImport, '/employers': Employers,
  '/my-referrals': MyReferrals,
};

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: Login, meta: { public: true, title: '登录' } },
    {
      path: '/',
      component: MainLayout,
      children: [
        { path: '', redirect: '/workbench' },
        ...menu.map((m) => ({
          path: m.path.slice(1),
          component: pages[m.path],
          meta: { permission: m.permission, title: m.title },
        })),
        { path: 'persons/:id(\\d+)', component: PersonDetail, meta: { permission: 'persons.read', title: '人员详情', menu: '/persons' } },
        { path: 'postings/:id(\\d+)', component: PostingDetail, meta: { title: '岗位详情', menu: '/postings' } },
        { path: 'employers/:id(\\d+)', component: EmployerDetail, meta: { permission: 'postings.read', title: '用人单位详情', menu: '/employers' } },
        { path: ':rest(.*)*', component: NotFound, meta: { title: '页面不存在' } },
      ],
    },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) {
    try {
      session.set(await get('/api/v1/me'));
    } catch {
      session.clear();
    }
  }
  if (to.meta.public) return session.signedIn && to.path === '/login' ? '/workbench' : true;
  if (!session.signedIn) return { path: '/login', query: to.fullPath !== '/workbench' ? { next: to.fullPath } : {} };
  if (to.meta.permission && !session.can(to.meta.permission)) return '/workbench';
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title ? to.meta.title + ' - ' : ''}帮扶 · 公共就业服务平台`;
});

setUnauthenticatedHandler(() => {
  if (router.currentRoute.value.path !== '/login') router.push({ path: '/login', query: { expired: '1' } });
});

export default router;
