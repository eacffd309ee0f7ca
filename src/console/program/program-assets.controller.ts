import { Roles } from '../../auth/access.decorators';
import { AssetMoneyService } from '../../assets/asset-money.service';
import { AssetReadService } from '../../assets/asset-read.service';
import { RegisterAssetService } from '../../assets/register-asset.service';
import { HouseholdsService } from '../../households/households.service';
import { ConsoleController } from '../console.decorators';
import { AssetPages } from '../work/asset-pages';
import { disposeStep, transferStep } from '../work/asset.steps';
import { JournalRefs } from '../work/entries';
import { erase } from '../work/step';

/** The county's assets for the program office: hand-over (移交) and disposal (处置). */
@ConsoleController('program/assets')
@Roles('program')
export class ProgramAssetsController extends AssetPages {
  protected readonly base = '/console/program/assets';
  protected readonly steps;

  constructor(
    assets: AssetReadService,
    households: HouseholdsService,
    money: AssetMoneyService,
    registering: RegisterAssetService,
    refs: JournalRefs,
  ) {
    super(assets, households);
    this.steps = {
      transfer: { label: '移交（确权）', step: erase(transferStep(registering, refs)) },
      dispose: { label: '处置', step: erase(disposeStep(money, refs)) },
    };
  }
}
