// Shared by the policy pages (政策目录, 参数设置, 政策模拟, 我的政策): labels and money.

export const payeeLabel = (k) => ({ person: '个人', employer: '用人单位', business: '经营主体', base: '基地', institution: '培训机构' })[k] || k;
export const subjectLabel = (k) => ({
  person: '人员', employment: '就业记录', business: '经营主体', internship: '见习', training: '培训',
  placement: '公益性岗位安置', employer: '单位',
})[k] || k;
export const yuan = (fen) => (Number(fen || 0) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

// Today as YYYY-MM-DD in the browser's zone.
export function todayText() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
