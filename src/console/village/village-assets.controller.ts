import { Roles } from '../../auth/access.decorators';
import { AssetMoneyService } from '../../assets/asset-money.service';
import { AssetReadService } from '../../assets/asset-read.service';
import { HouseholdsService } from '../../households/households.service';
import { ConsoleController } from '../console.decorators';
import { AssetPages } from '../work/asset-pages';
import { distributeStep, incomeStep } from '../work/asset.steps';
import { JournalRefs } from '../work/entries';
import { erase } from '../work/step';

/** The village's assets: income received and its distribution. */
@ConsoleController('village/assets')
@Roles('village')
export class VillageAssetsController extends AssetPages {
  protected readonly base = '/console/village/assets';
  protected readonly steps;

  constructor(assets: AssetReadService, households: HouseholdsService, money: AssetMoneyService, refs: JournalRefs) {
    super(assets, households);
    this.steps = {
      income: { label: '登记收益', step: erase(incomeStep(money, refs)) },
      distribute: { label: '分配收益', step: erase(distributeStep(money)) },
    };
  }
}
