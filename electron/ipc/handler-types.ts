import type { Area, Contract, ReqOf, ResOf } from '../../shared/contract';
import type { ArchiveCore, Session } from '../core/archive-core';

export interface HandlerCtx {
  core: ArchiveCore;
  clientId: string;
  /** Present for every channel except 'public' ones (where it may be null). */
  session: Session | null;
  /** 'cli' when the call came from the command line (same dispatch, a CLI session). */
  via?: 'cli';
}

export interface SignedInCtx extends HandlerCtx {
  session: Session;
}

type Handler<C> = (ctx: SignedInCtx, req: ReqOf<C>) => Promise<ResOf<C>>;

export type AreaHandlers<A extends Area> = { [K in keyof Contract[A]]: Handler<Contract[A][K]> };
export type Handlers = { [A in Area]: AreaHandlers<A> };
