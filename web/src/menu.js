// The side menu: each page names the permission it needs (from the server's user.permissions).
// Later pages (人员台账, 政策, 岗位, 帮扶) are added here with their permission.
import { House, Document, User, Upload, Money, Present, Reading, Setting, DataAnalysis, Suitcase, HomeFilled } from '@element-plus/icons-vue';

export const menu = [
  { path: '/workbench', title: '工作台', icon: House, permission: 'workbench',
    description: '今日工作与常用入口' },
  { path: '/persons', title: '人员台账', icon: User, permission: 'persons.read',
    description: '高校毕业生与困难人员实名制台账：查询、联系、状态跟踪' },
  { path: '/persons-import', title: '名单导入', icon: Upload, permission: 'persons.write',
    description: '导入教委、民政、乡村振兴等部门移交的名单（CSV / Excel）' },
  { path: '/compliance', title: '达标情况', icon: DataAnalysis, permission: 'compliance.read',
    description: '服务标准落实情况：按镇街、社区统计已达标、进行中、已逾期' },
  { path: '/zero-employment', title: '零就业家庭', icon: HomeFilled, permission: 'worklist.read',
    description: '零就业家庭动态清零：零就业天数、家庭成员与下一步措施' },
  { path: '/entitlements', title: '政策找人', icon: Money, permission: 'policy.read',
    description: '政策比对结果：审核待遇资格、生成发放批次、导出给财务' },
  { path: '/policy-catalogue', title: '政策目录', icon: Reading, permission: 'policy.catalogue',
    description: '每条政策规则与所依据的原文条款、适用条件和金额' },
  { path: '/policy-params', title: '参数设置', icon: Setting, permission: 'policy.read',
    description: '原文未定的补贴标准：设置值、生效日期和依据，保留历史' },
  { path: '/policy-what-if', title: '政策模拟', icon: DataAnalysis, permission: 'policy.read',
    description: '改动参数看谁新增、谁减少、金额变化多少，不写入数据' },
  { path: '/postings', title: '岗位', icon: Suitcase, permission: 'postings.read',
    description: '用人单位岗位：审核发布、查看推荐人选、关闭' },
  { path: '/my-postings', title: '我的岗位', icon: Suitcase, permission: 'postings.own',
    description: '本单位发布的岗位与审核进度' },
  { path: '/my-policies', title: '我的政策', icon: Present, permission: 'me.policies',
    description: '无需申请即可享受的补贴和办理进度' },
  { path: '/my-referrals', title: '岗位推荐', icon: Suitcase, permission: 'referrals.own',
    description: '求职者：为您推荐的岗位；用人单位：推荐来的求职者与录用反馈' },
  { path: '/audit', title: '审计日志', icon: Document, permission: 'audit.read',
    description: '登录、变更、敏感数据查看与导出的完整记录' },
];
