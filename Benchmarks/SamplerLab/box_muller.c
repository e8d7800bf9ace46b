// Box-Muller kernel variants, timed on 512-word rows as NormalSampler.fill does (one thread).
// The default build is the old sampler (quadrant reduction, Taylor sin/cos to degree 15/16, log series to s^21);
// -DNEWCS -DNEWLOG is the one MarginStress uses (quarter-circle angle, fdlibm minimax polynomials).
// -DNOSQRT, -DNODIV, -DNOCS drop the square root, the division of the log, or the sin/cos (wrong values,
// for timing only): how much of the kernel each part costs. Build and run with Benchmarks/SamplerLab/run.sh.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
typedef double d8 __attribute__((ext_vector_type(8)));
typedef uint64_t u8v __attribute__((ext_vector_type(8)));
#define G 0x9E3779B97F4A7C15ULL
static inline uint64_t mix(uint64_t z){z=(z^(z>>30))*0xBF58476D1CE4E5B9ULL;z=(z^(z>>27))*0x94D049BB133111EBULL;return z^(z>>31);}
static uint64_t ctr=1;
static void refill(uint64_t*b){for(int k=0;k<512;k++)b[k]=mix(12345+G*(ctr+k));ctr+=512;}
static inline d8 fma8(d8 a,d8 b,d8 c){
#pragma clang fp contract(fast)
return a*b+c;}
static inline d8 lg(d8 x){u8v bits=(u8v)x;u8v man=bits&0x000FFFFFFFFFFFFFULL;u8v big=(man+(0x0010000000000000ULL-0x0006A09E667F3BCDULL))>>52;d8 m=(d8)(man|((0x3FF-big)<<52));u8v ef=((bits>>52)&0x7FF)+big;d8 e=(d8)(ef|0x4330000000000000ULL)-(0x1p52+1023);
#if NODIV
d8 s=(m-1)*(m+1),s2=s*s;
#else
d8 s=(m-1)/(m+1),s2=s*s;
#endif

#if NEWLOG
d8 p=1.479819860511658591e-01; double c[]={1.531383769920937332e-01,1.818357216161805012e-01,2.222219843214978396e-01,2.857142874366239149e-01,3.999999999940941908e-01,6.666666666666735130e-01};
for(int q=0;q<6;q++)p=fma8(p,s2,c[q]); d8 lm=fma8(s*s2,p,2*s);
#else
d8 p=1.0/21;
double c[]={1.0/19,1.0/17,1.0/15,1.0/13,1.0/11,1.0/9,1.0/7,1.0/5,1.0/3};for(int q=0;q<9;q++)p=fma8(p,s2,c[q]);d8 lm=2*s+2*s*s2*p;
#endif
return e*0.6931471803691238+(lm+e*1.9082149292705877e-10);}
static inline void cs(d8 v,d8*c,d8*s){d8 w=4*v;d8 qs=w+0x1.8p52;d8 q=qs-0x1.8p52;u8v quad=((u8v)qs)&3;d8 t=(w-q)*1.5707963267948966,t2=t*t;
d8 sp=-7.647163731819816e-13;double sc[]={1.6059043836821613e-10,-2.505210838544172e-08,2.7557319223985893e-06,-0.0001984126984126984,0.008333333333333333,-0.16666666666666666};for(int k=0;k<6;k++)sp=fma8(sp,t2,sc[k]);d8 st=t+t*t2*sp;
d8 cp=4.779477332387385e-14;double cc[]={-1.1470745597729725e-11,2.08767569878681e-09,-2.755731922398589e-07,2.48015873015873e-05,-0.001388888888888889,0.041666666666666664,-0.5};for(int k=0;k<7;k++)cp=fma8(cp,t2,cc[k]);d8 ct=1+t2*cp;
u8v sw=0-(quad&1);u8v cb=(u8v)ct,sb=(u8v)st;u8v C=(cb&~sw)|(sb&sw),S=(sb&~sw)|(cb&sw);*c=(d8)(C^(((quad^(quad>>1))&1)<<63));*s=(d8)(S^((quad>>1)<<63));}
static inline void cs2(u8v b,d8*c,d8*s){
 d8 t=fma8((d8)(0x3FF0000000000000ULL|(b>>12)),1.5707963267948966,-2.356194490192345);
 d8 t2=t*t;
 d8 sp=1.58969099521155010221e-10; double sc[]={-2.50507602534068634195e-08,2.75573137070700676789e-06,-1.98412698298579493134e-04,8.33333333332248946124e-03,-1.66666666666666324348e-01};
 for(int k=0;k<5;k++)sp=fma8(sp,t2,sc[k]); d8 st=fma8(t*t2,sp,t);
 d8 cp=-1.13596475577881948265e-11; double cc[]={2.08757232129817482790e-09,-2.75573143513906633035e-07,2.48015872894767294178e-05,-1.38888888888741095749e-03,4.16666666666666019037e-02,-0.5};
 for(int k=0;k<6;k++)cp=fma8(cp,t2,cc[k]); d8 ct=fma8(t2,cp,1);
 u8v swap=(u8v)(((long long __attribute__((ext_vector_type(8))))(b<<62))>>63); u8v flip=b<<63;
 u8v cb=((u8v)ct)^flip,sb=(u8v)st; *c=(d8)((cb&~swap)|(sb&swap)); *s=(d8)((sb&~swap)|(cb&swap));}
static void bmfill(double*out,int n,uint64_t*buf){int h=n/2;for(int k=0;k<h;k+=8){u8v a,b;memcpy(&a,buf+k,64);memcpy(&b,buf+h+k,64);
d8 u1=2-(d8)(0x3FF0000000000000ULL|(a>>12));d8 u2=(d8)(0x3FF0000000000000ULL|(b>>12))-1;
#if NOSQRT
d8 r=-2*lg(u1);
#else
d8 r=__builtin_elementwise_sqrt(-2*lg(u1));
#endif
#if NOCS
d8 c=u2*r,s=u2+r;
#else
d8 c,s;
#if NEWCS
cs2(b,&c,&s);
#else
cs(u2,&c,&s);
#endif

#endif
d8 o1=r*c,o2=r*s;memcpy(out+k,&o1,64);memcpy(out+h+k,&o2,64);}}
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){ static uint64_t buf[512]; static double out[512]; long reps=300000; double sum=0;
  for(int round=0;round<3;round++){double t=now(); for(long r=0;r<reps;r++){refill(buf);bmfill(out,512,buf);sum+=out[7]+out[300];} double tb=now()-t; printf("%.0f ",512.0*reps/tb/1e6);} printf("M/s\n"); return sum==0.1;}
