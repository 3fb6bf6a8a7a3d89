// `accounts find` through the real CLI: by part of a name, by any address the account ever had,
// by NISN and by NUPTK — and a text without digits is never taken for an empty NUPTK.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, type Dialect, skipReason } from '../support/stores.js';
import { M2, NPSN, withSession, world, worldAccounts } from './scenario-support.js';

const { sdA } = NPSN;

async function found(s: { run(args: string[]): Promise<{ code: number; json?: unknown }> }, text: string) {
  const result = await s.run(['accounts', 'find', text, '--json']);
  assert.equal(result.code, 0);
  return (result.json as { primaryAddress: string }[]).map((a) => a.primaryAddress).sort();
}

function scenarios(dialect: Dialect) {
  it('finds accounts by name, by any address, by NISN and by NUPTK', () =>
    withSession(dialect, async (s) => {
      const m1 = world(['sdA'])
        .ptk({
          ptkId: 'PTK-001',
          npsn: sdA,
          jenisPtk: 'Guru Kelas',
          nama: 'Siti Rahayu',
          nuptk: '1234567890123456',
        })
        .ptk({ ptkId: 'PTK-002', npsn: sdA, jenisPtk: 'Guru Kelas', nama: 'Bambang Wijaya' })
        .pd({ pdId: 'PD-001', npsn: sdA, tingkat: 3, nama: 'Andi Pratama', nisn: '0099887766' });
      await s.applied(m1, { account_created: worldAccounts(['sdA']) + 3 });
      const m2 = m1.clone(M2).updatePtk('PTK-002', { jenisPtk: 'Kepala Sekolah' });
      await s.applied(m2, { ptk_role_changed: 1 });

      assert.deepEqual(await found(s, 'rahayu'), ['siti.rahayu10@guru.sd.belajar.id']);
      assert.deepEqual(await found(s, 'bambang.wijaya10@guru'), ['bambang.wijaya10@admin.sd.belajar.id']);
      assert.deepEqual(await found(s, '0099887766'), ['andi.pratama10@sd.belajar.id']);
      assert.deepEqual(await found(s, '1234567890123456'), ['siti.rahayu10@guru.sd.belajar.id']);
      assert.deepEqual(await found(s, 'zz%'), [], 'a LIKE wildcard in the text is taken literally');
    }));
}

for (const dialect of DIALECTS) {
  describe(`accounts find through the CLI on ${dialect}`, async () => {
    const skip = await skipReason(dialect);
    describe('scenarios', { skip }, () => scenarios(dialect));
  });
}
