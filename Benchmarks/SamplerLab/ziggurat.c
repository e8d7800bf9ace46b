// A vectorised ziggurat (Marsaglia-Tsang layers, 256 or 1024 of them; AVX-512 gathers for the layer tables;
// rejected lanes of an eight-lane chunk go through a vector wedge test, then a scalar loop) against the old
// Box-Muller kernel, on 512-word rows. Prints millions of normals per second and the share of chunks that
// needed the slow path. Needs AVX-512 (-march=native on a CPU with it). Build and run with run.sh.
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <immintrin.h>
typedef double d8 __attribute__((ext_vector_type(8)));
typedef uint64_t u8v __attribute__((ext_vector_type(8)));
typedef long l8 __attribute__((ext_vector_type(8)));
#define G 0x9E3779B97F4A7C15ULL
static inline uint64_t mix(uint64_t z){z=(z^(z>>30))*0xBF58476D1CE4E5B9ULL;z=(z^(z>>27))*0x94D049BB133111EBULL;return z^(z>>31);}
static uint64_t ctr=1, spare=1ULL<<39;
static void refill(uint64_t*b){for(int k=0;k<512;k++)b[k]=mix(12345+G*(ctr+k));ctr+=512;}
static int N; static double X[1025], F[1025];
static void tables(int n,double r){N=n;double f=exp(-r*r/2);double v=r*f+sqrt(M_PI/2)*erfc(r/sqrt(2));X[0]=v/f;X[1]=r;for(int k=1;k<n-1;k++)X[k+1]=sqrt(-2*log(v/X[k]+exp(-X[k]*X[k]/2)));X[n]=0;for(int k=0;k<=n;k++)F[k]=exp(-X[k]*X[k]/2);}
static inline d8 gather(const double*t,l8 i){return (d8)_mm512_i64gather_pd((__m512i)i,t,8);}
static double unif(uint64_t w){double m; uint64_t b=(w>>12)|0x3FF0000000000000ULL; memcpy(&m,&b,8); return m-1;}
static double slow(uint64_t w){
  for(;;){
    int i=w&(N-1); double a; uint64_t b=(w>>12)|0x3FF0000000000000ULL; memcpy(&a,&b,8); a-=1-0x1p-53;
    double s=(w>>10&1)?-1:1; double x=a*X[i];
    if(x<X[i+1]) return s*x;
    if(i==0){ double xx,y; do{ xx=-log(1-unif(mix(G*spare++)))/X[1]; y=-log(1-unif(mix(G*spare++)));}while(2*y<xx*xx); return s*(X[1]+xx);}
    double u=unif(mix(G*spare++)); if(F[i]+u*(F[i+1]-F[i])<exp(-x*x/2)) return s*x;
    w=mix(G*spare++);
  }
}
static long nslow=0;
static inline d8 fma8(d8 a,d8 b,d8 c);
static inline d8 vexp(d8 x){d8 ks=fma8(x,1.4426950408889634,0x1.8p52);d8 k=ks-0x1.8p52;d8 r=(x-k*0.6931471803691238)-k*1.9082149292705877e-10;
double c[]={2.505210838544172e-08,2.755731922398589e-07,2.7557319223985893e-06,2.48015873015873e-05,0.0001984126984126984,0.001388888888888889,0.008333333333333333,0.041666666666666664,0.16666666666666666,0.5,1,1};
d8 p=2.08767569878681e-09;for(int q=0;q<12;q++)p=fma8(p,r,c[q]);return p*(d8)((((u8v)ks)+1023)<<52);}
static void zigfill(double*out,int n,uint64_t*buf){
  for(int k=0;k<n;k+=8){
    u8v w; memcpy(&w,buf+k,64);
    l8 i=(l8)(w&(uint64_t)(N-1));
    u8v sg=(w>>10&1)<<63; u8v mb=(w>>12)|0x3FF0000000000000ULL;
    d8 a=(d8)mb-(1-0x1p-53);
    d8 x=a*gather(X,i); l8 rej= x>=gather(X+1,i);
    d8 o=(d8)(((u8v)x)^sg); memcpy(out+k,&o,64);
    if(__builtin_reduce_or(rej)){ nslow++;
      u8v sw; for(int j=0;j<8;j++) sw[j]=spare+j+1; spare+=8; sw=sw*G; sw=(sw^(sw>>30))*0xBF58476D1CE4E5B9ULL; sw=(sw^(sw>>27))*0x94D049BB133111EBULL; sw=sw^(sw>>31);
      d8 u=(d8)((sw>>12)|0x3FF0000000000000ULL)-1;
      d8 fi=gather(F,i), fn=gather(F+1,i);
      d8 y=fma8(u,fn-fi,fi);
      d8 fx=vexp(-0.5*x*x);
      l8 bad = rej & ((y>=fx) | (i==0));
      if(__builtin_reduce_or(bad)){ for(int j=0;j<8;j++) if(bad[j]) out[k+j]=slow(buf[k+j]); }
    }
  }
}
// Box-Muller like the Swift one
static inline d8 fma8(d8 a,d8 b,d8 c){
#pragma clang fp contract(fast)
return a*b+c;}
static inline d8 lg(d8 x){u8v bits=(u8v)x;u8v man=bits&0x000FFFFFFFFFFFFFULL;u8v big=(man+(0x0010000000000000ULL-0x0006A09E667F3BCDULL))>>52;d8 m=(d8)(man|((0x3FF-big)<<52));u8v ef=((bits>>52)&0x7FF)+big;d8 e=(d8)(ef|0x4330000000000000ULL)-(0x1p52+1023);d8 s=(m-1)/(m+1),s2=s*s;d8 p=1.0/21;
double c[]={1.0/19,1.0/17,1.0/15,1.0/13,1.0/11,1.0/9,1.0/7,1.0/5,1.0/3};for(int q=0;q<9;q++)p=fma8(p,s2,c[q]);d8 lm=2*s+2*s*s2*p;return e*0.6931471803691238+(lm+e*1.9082149292705877e-10);}
static inline void cs(d8 v,d8*c,d8*s){d8 w=4*v;d8 qs=w+0x1.8p52;d8 q=qs-0x1.8p52;u8v quad=((u8v)qs)&3;d8 t=(w-q)*1.5707963267948966,t2=t*t;
d8 sp=-7.647163731819816e-13;double sc[]={1.6059043836821613e-10,-2.505210838544172e-08,2.7557319223985893e-06,-0.0001984126984126984,0.008333333333333333,-0.16666666666666666};for(int k=0;k<6;k++)sp=fma8(sp,t2,sc[k]);d8 st=t+t*t2*sp;
d8 cp=4.779477332387385e-14;double cc[]={-1.1470745597729725e-11,2.08767569878681e-09,-2.755731922398589e-07,2.48015873015873e-05,-0.001388888888888889,0.041666666666666664,-0.5};for(int k=0;k<7;k++)cp=fma8(cp,t2,cc[k]);d8 ct=1+t2*cp;
u8v sw=0-(quad&1);u8v cb=(u8v)ct,sb=(u8v)st;u8v C=(cb&~sw)|(sb&sw),S=(sb&~sw)|(cb&sw);*c=(d8)(C^(((quad^(quad>>1))&1)<<63));*s=(d8)(S^((quad>>1)<<63));}
static void bmfill(double*out,int n,uint64_t*buf){int h=n/2;for(int k=0;k<h;k+=8){u8v a,b;memcpy(&a,buf+k,64);memcpy(&b,buf+h+k,64);
d8 u1=2-(d8)(0x3FF0000000000000ULL|(a>>12));d8 u2=(d8)(0x3FF0000000000000ULL|(b>>12))-1;d8 r=__builtin_elementwise_sqrt(-2*lg(u1));d8 c,s;cs(u2,&c,&s);d8 o1=r*c,o2=r*s;memcpy(out+k,&o1,64);memcpy(out+h+k,&o2,64);}}
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  static uint64_t buf[512]; static double out[512]; long reps=200000; double sum=0,sq=0;
  for(int round=0;round<3;round++){
  double t=now(); for(long r=0;r<reps;r++){refill(buf);bmfill(out,512,buf);sum+=out[7];} double tb=now()-t;
  tables(256,3.6541528853610088); nslow=0;
  t=now(); for(long r=0;r<reps;r++){refill(buf);zigfill(out,512,buf);sum+=out[7];} double tz=now()-t; long s256=nslow;
  // moments check for 1024
  tables(1024,4.0388498461095045); nslow=0;
  t=now(); for(long r=0;r<reps;r++){refill(buf);zigfill(out,512,buf);sq+=out[5]*out[5];} double tz2=now()-t;
  t=now(); for(long r=0;r<reps;r++){refill(buf);sum+=buf[9];} double tr=now()-t;
  printf("BM %.0f M/s  zig256 %.0f M/s (slow chunks %.3f)  zig1024 %.0f M/s (slow %.3f)  refill-only %.0f M/s\n",
    512.0*reps/tb/1e6,512.0*reps/tz/1e6,(double)s256/(reps*64),512.0*reps/tz2/1e6,(double)nslow/(reps*64),512.0*reps/tr/1e6);
  }
  return sum==0.123;
}
