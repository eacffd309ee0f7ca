import { amountField, chineseDate, withTotal } from './notice-labels';

describe('notice labels', () => {
  it('prints dates the Chinese way and amounts with figures for the capitals', () => {
    expect(chineseDate('2024-02-01')).toBe('2024年2月1日');
    expect(amountField('决算金额', 1_640_902n)).toEqual({
      label: '决算金额',
      value: '16409.02 元',
      amountYuan: '16409.02',
    });
  });

  it('totals the amount columns of a table in fen, labelled in the first column', () => {
    const table = withTotal({
      title: 't',
      columns: [
        { key: 'name', label: '项目', kind: 'text', width: 2 },
        { key: 'a', label: '中央', kind: 'amount', width: 1 },
        { key: 'b', label: '县级', kind: 'amount', width: 1 },
      ],
      rows: [
        { name: 'x', a: '0.10', b: '1409.50' },
        { name: 'y', a: '0.20', b: '6007.14' },
      ],
    });
    expect(table.total).toEqual({ name: '合计', a: '0.30', b: '7416.64' });
    expect(withTotal({ title: 'empty', columns: table.columns, rows: [] }).total).toBeUndefined();
  });
});
