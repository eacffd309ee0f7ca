import { compactRows, nested } from './shape';

describe('console form shapes', () => {
  it('builds nested objects and lists from dotted names, integers only where listed and typed as digits', () => {
    const shape = nested(['beneficiaries.households', 'items.*.n']);
    expect(
      shape({
        name: '光伏',
        'beneficiaries.households': '45',
        'beneficiaries.persons': '132',
        'items.0.n': '3',
        'items.1.n': '三',
        'items.1.amount': '10.5',
      }),
    ).toEqual({
      name: '光伏',
      beneficiaries: { households: 45, persons: '132' },
      items: [{ n: 3 }, { n: '三', amount: '10.5' }],
    });
  });

  it('drops empty rows and numbers the rest from 0, keeping a key the row should not have', () => {
    expect(
      compactRows(
        {
          approvalDocNo: 'x',
          'funding.0.fundId': '',
          'funding.0.amount': ' ',
          'funding.3.fundId': 'b',
          'funding.3.amount': '2',
          'funding.1.fundId': 'a',
          'funding.1.amount': '',
          'funding.1.evil': 'y',
        },
        'funding',
      ),
    ).toEqual({
      approvalDocNo: 'x',
      'funding.0.fundId': 'a',
      'funding.0.amount': '',
      'funding.0.evil': 'y',
      'funding.1.fundId': 'b',
      'funding.1.amount': '2',
    });
  });
});
