// Display helpers shared by the posting pages.
export const salary = (p) => {
  if (!p.salary_min && !p.salary_max) return '薪资面议';
  if (p.salary_min === p.salary_max || !p.salary_max) return `${p.salary_min} 元/月`;
  return `${p.salary_min}–${p.salary_max} 元/月`;
};
export const statusType = (s) => ({ pending: 'warning', published: 'success', rejected: 'danger', closed: 'info' }[s] || 'info');
export const checkLabel = (code) => ({
  salary_high: '薪资异常偏高', fee_words: '疑似收费', no_address: '无工作地址', employer_warning: '单位有警示记录',
}[code] || code);
export const pct = (x) => `${Math.round(x * 100)}`;
