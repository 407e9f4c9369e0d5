import { renderTable } from '../src/text-table';

describe('renderTable', () => {
  it('pads columns to the widest cell, right-aligns the numeric ones and trims line ends', () => {
    expect(
      renderTable(
        ['NAME', 'N', 'NOTE'],
        [
          ['a', '1', ''],
          ['long-name', '12345', 'x'],
        ],
        [1],
      ),
    ).toEqual(['NAME           N  NOTE', 'a              1', 'long-name  12345  x']);
  });

  it('renders only the header when there are no rows', () => {
    expect(renderTable(['A', 'B'], [])).toEqual(['A  B']);
  });
});
