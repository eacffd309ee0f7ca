import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Actor } from '../auth/role';
import { assertInScope } from '../auth/scope';
import { assertNotBefore } from '../common/business-date';
import type {
  AppendContext,
  AppendedEntry,
  AppendOptions,
  DraftSource,
  PostingDraft,
} from '../journal/append/entry-draft';
import { JournalService } from '../journal/journal.service';
import { ProjectDto } from './dto/project-view.dto';
import { Project, ProjectStatus } from './project.entity';
import { ProjectReadService } from './project-read.service';
import { assertStatus, loadProject } from './project-rules';
import { projectsProjection } from './projects.projection';

/** What a lifecycle step adds to its entry, decided under the book lock. */
export interface StepParts {
  payload?: Record<string, unknown>;
  postings?: PostingDraft[];
  subjects?: string[];
}

export interface StepSpec {
  /** `project.<verb>`. */
  type: string;
  /** The step's effective date. */
  on: string;
  /** Statuses the project must be in. */
  from: ProjectStatus[];
  /** For messages: "approve the project". */
  action: string;
  /** Further checks and the money of the step, against the project as the lock holder sees it. */
  build?: (project: Project, ctx: AppendContext) => Promise<StepParts> | StepParts;
}

@Injectable()
export class ProjectJournal implements OnModuleInit {
  private readonly places = new Map<string, Pick<Project, 'book' | 'regionCode'>>();

  constructor(
    private readonly journal: JournalService,
    private readonly reader: ProjectReadService,
  ) {}

  onModuleInit(): void {
    this.journal.registerProjection(projectsProjection);
  }

  /** Where the project is, if the actor may act on it. */
  async inScope(actor: Actor, id: string): Promise<Pick<Project, 'book' | 'regionCode'>> {
    let place = this.places.get(id);
    if (!place) {
      const project = await this.reader.readable(actor, id);
      place = { book: project.book, regionCode: project.regionCode };
      if (this.places.size >= 100_000) this.places.clear();
      this.places.set(id, place);
    }
    assertInScope(actor, place.regionCode);
    return place;
  }

  /** One lifecycle step: role is checked by the controller, scope here, state and dates under the lock. */
  async step(actor: Actor, id: string, spec: StepSpec, idempotencyKey?: string): Promise<ProjectDto> {
    const { book } = await this.inScope(actor, id);
    await this.append(
      book,
      async (ctx) => {
        const project = await loadProject(ctx.em, id);
        assertStatus(project, spec.from, spec.action);
        assertNotBefore(spec.on, project.lastStepOn, `the project's previous step`);
        const parts = (await spec.build?.(project, ctx)) ?? {};
        return {
          type: spec.type,
          occurredOn: spec.on,
          actor: actor.userId,
          subjects: [`project:${id}`, ...(parts.subjects ?? [])],
          payload: { projectId: id, ...parts.payload },
          postings: parts.postings,
        };
      },
      idempotencyKey,
    );
    return this.reader.view(id);
  }

  append<P extends object, R = unknown>(
    book: string,
    source: DraftSource<P, R>,
    idempotencyKey?: string,
    options: Omit<AppendOptions<R>, 'idempotencyKey'> = {},
  ): Promise<AppendedEntry<P>> {
    return this.journal.append(book, source, { ...options, idempotencyKey });
  }
}
